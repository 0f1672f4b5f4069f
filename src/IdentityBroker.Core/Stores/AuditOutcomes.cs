namespace IdentityBroker.Core.Stores;

/// <summary>
/// The outcomes an <see cref="AuditRecord"/> carries besides a reason code of <see cref="SignIn.ReasonCodes"/> (a refused
/// sign-in records its reason code as the outcome). Staff tools and tests match on these exact strings.
/// </summary>
public static class AuditOutcomes
{
    public const string Success = "success";
    public const string Granted = "granted";
    public const string Declined = "declined";
    public const string Revoked = "revoked";

    /// <summary>The sessions ended and tokens revoked by a revocation (counts in the detail).</summary>
    public const string RevocationEffects = "revocation_effects";
    public const string Requested = "requested";

    /// <summary>RFC 9700 §4.14.2: a reused refresh token revoked its whole family.</summary>
    public const string FamilyRevoked = "family_revoked";

    /// <summary>R-CONSENT-6: the acting person is not the child's parent according to ESIA.</summary>
    public const string NotParentInEsia = "not_parent_in_esia";

    /// <summary>A diary password attempt (R-MATCH-6, R-REGION-3) with a wrong login or password.</summary>
    public const string WrongCredentials = "wrong_credentials";

    /// <summary>A diary password attempt refused by the attempt limiter (R-MATCH-6).</summary>
    public const string Delayed = "delayed";

    /// <summary>RFC 6749 §4.1.2: the tokens of a replayed code were revoked.</summary>
    public const string CodeReplay = "code_replay";

    /// <summary>The reason code of a sign-in refused because the person declined the data consent (R-CONSENT-1).</summary>
    public const string DataConsentDeclined = "data_consent_declined";
}
