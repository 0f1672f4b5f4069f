namespace IdentityBroker.Server.Interaction.Consent;

/// <summary>The parent's pages (R-CONSENT-3/4/6).</summary>
internal static class ConsentRoutes
{
    /// <summary>POST: the parent's step of the sign-in (requests interstitial, no_children_linked notice): grant, decline, continue.</summary>
    public const string ParentStep = "/signin/parent";

    /// <summary>GET/POST: «Мои дети» (way 2), requires the broker session.</summary>
    public const string Children = "/account/children";

    /// <summary>The account page of R-CONSENT-1 (built next to this one), linked from «Мои дети».</summary>
    public const string Account = "/account";
}
