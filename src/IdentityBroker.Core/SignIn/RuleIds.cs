namespace IdentityBroker.Core.SignIn;

/// <summary>
/// Every rule id recorded in audit records and named in code and tests, in ONE form: the rule IDs of REQUIREMENTS.md, the
/// ESIA answer itself (<see cref="Esia"/>) and the protocol rules the broker enforces (RFC sections). No other literal
/// rule id is written anywhere else.
/// </summary>
public static class RuleIds
{
    public const string Level1 = "R-LEVEL-1";
    public const string Level2 = "R-LEVEL-2";
    public const string Level3 = "R-LEVEL-3";
    public const string Level4 = "R-LEVEL-4";
    public const string Level5 = "R-LEVEL-5";
    public const string Match1 = "R-MATCH-1";
    public const string Match2 = "R-MATCH-2";
    public const string Match3 = "R-MATCH-3";
    public const string Match4 = "R-MATCH-4";
    public const string Match5 = "R-MATCH-5";
    public const string Match6 = "R-MATCH-6";
    public const string Match7 = "R-MATCH-7";
    public const string Match8 = "R-MATCH-8";

    /// <summary>The region's own ESIA registration and configuration (a request for an unknown region).</summary>
    public const string Region1 = "R-REGION-1";

    /// <summary>Clients shared by regions: the user picks the region.</summary>
    public const string Region2 = "R-REGION-2";

    /// <summary>The diary password fallback while ESIA is unavailable.</summary>
    public const string Region3 = "R-REGION-3";

    /// <summary>The person's own consent to the data passed to the diary.</summary>
    public const string Consent1 = "R-CONSENT-1";

    /// <summary>A minor needs an active parental consent.</summary>
    public const string Consent2 = "R-CONSENT-2";

    /// <summary>The consent request to the parents and its decline.</summary>
    public const string Consent3 = "R-CONSENT-3";
    public const string Consent4 = "R-CONSENT-4";

    /// <summary>Either parent may revoke; revocation takes effect at once.</summary>
    public const string Consent5 = "R-CONSENT-5";

    /// <summary>Family relations come from ESIA, never from the diary.</summary>
    public const string Consent6 = "R-CONSENT-6";

    /// <summary>The staff diagnostics lookup.</summary>
    public const string Err1 = "R-ERR-1";

    /// <summary>ESIA itself decided (the person refused at ESIA, ESIA failed or is misconfigured): no broker rule applies.</summary>
    public const string Esia = "ESIA";

    /// <summary>RFC 6749 §4.1.2: an authorization code is single-use; a replay revokes what it issued.</summary>
    public const string CodeReplay = "RFC6749-4.1.2";

    /// <summary>RFC 7009: token revocation by the client.</summary>
    public const string TokenRevocation = "RFC7009";

    /// <summary>RFC 9700 §4.14.2: refresh token reuse revokes the whole family.</summary>
    public const string RefreshTokenReuse = "RFC9700-4.14.2";
}
