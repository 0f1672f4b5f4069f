namespace IdentityBroker.Server.Consent;

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

/// <summary>One child on a parent's page. Names come from the diary directory (the parent's own children).</summary>
/// <param name="Status">"granted", "pending", "none" or "adult" (18 and over: no consent needed).</param>
/// <param name="Since">When the consent was given or the request made, as a date on the region's calendar.</param>
public sealed record ChildItem(string AccountId, string Name, string Schools, string Status, string? Since);
