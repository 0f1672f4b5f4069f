using IdentityBroker.Server.Configuration;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// What a <see cref="ProtectedFormState{T}"/> protects: the Data Protection purpose (a form's state never reads as another
/// form's), how long a form stays valid, and whether it may be posted once only.
/// </summary>
/// <param name="Name">The Data Protection purpose string; bump its version when the payload changes.</param>
/// <param name="Lifetime">The form's lifetime, from the options (some are configurable).</param>
/// <param name="SingleUse">Posting it twice fails (<see cref="ProtectedFormState{T}.ConsumeAsync"/>).</param>
internal sealed record FormStatePurpose(string Name, Func<BrokerOptions, TimeSpan> Lifetime, bool SingleUse)
{
    private static readonly TimeSpan Minutes10 = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Minutes15 = TimeSpan.FromMinutes(15);

    /// <summary>R-MATCH-5: the account chooser; a choice counts once (a replayed post would enter the sign-in a second time).</summary>
    public static FormStatePurpose AccountChoice { get; } = new("IdentityBroker.SignIn.AccountChoice.v2", _ => Minutes10, SingleUse: true);

    /// <summary>R-REGION-2: the region list of a shared client.</summary>
    public static FormStatePurpose RegionChoice { get; } = new("IdentityBroker.SignIn.RegionChoice.v2", _ => Minutes15, SingleUse: false);

    /// <summary>R-MATCH-6: the diary password form of manual linking (re-shown after a wrong password, so reusable).</summary>
    public static FormStatePurpose ManualLink { get; } = new("IdentityBroker.SignIn.ManualLink.v2", o => o.ManualLink.FormLifetime, SingleUse: false);

    /// <summary>R-REGION-3: the diary password form of the fallback (re-shown after a wrong password, so reusable).</summary>
    public static FormStatePurpose PasswordFallback { get; } = new("IdentityBroker.SignIn.PasswordFallback.v2", o => o.ManualLink.FormLifetime, SingleUse: false);

    /// <summary>R-CONSENT-3/6: the parent's step (re-shown after each grant or decline, so reusable).</summary>
    public static FormStatePurpose ParentStep { get; } = new("IdentityBroker.Consent.ParentSignIn.v2", _ => Minutes15, SingleUse: false);

    /// <summary>R-CONSENT-1: the data consent form; an answer counts once.</summary>
    public static FormStatePurpose DataConsent { get; } = new("IdentityBroker.SignIn.DataConsent.v2", _ => Minutes15, SingleUse: true);
}
