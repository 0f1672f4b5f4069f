namespace IdentityBroker.Server.Interaction;

/// <summary>
/// What the steps of one sign-in have found so far, stored with its transaction (<c>pending_sign_ins.progress</c>, jsonb) so
/// that the next step, on any replica, continues from it. Diary account ids, keyed hashes, rule ids and reference numbers
/// only: never a name, SNILS or birth date (the ESIA person exists only during the callback, <see cref="SignInContext.Person"/>).
/// </summary>
internal sealed record SignInProgress
{
    /// <summary>How the person authenticated (ESIA, or the diary password of the fallback).</summary>
    public EsiaAuthentication? Authentication { get; init; }

    /// <summary>The rule that proved the diary account (audited with the link and the success).</summary>
    public string? RuleId { get; init; }

    /// <summary>How the proven accounts are linked (R-MATCH-7); null: nothing to link (already linked, or the password fallback).</summary>
    public string? LinkMethod { get; init; }

    /// <summary>R-MATCH-5: the accounts the person chooses among.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>R-MATCH-6: the name-matched accounts without SNILS that the diary password may link.</summary>
    public IReadOnlyList<string> ManualLinkCandidates { get; init; } = [];

    /// <summary>R-MATCH-7: the accounts proven to be the person's (all candidates of a choice, so it can change next time).</summary>
    public IReadOnlyList<string> Proven { get; init; } = [];

    /// <summary>The diary account the sign-in enters, once known.</summary>
    public string? ChosenAccountId { get; init; }

    /// <summary>The reference number of the refusal shown beside a form (R-MATCH-6 diary_snils_missing, R-REGION-3 esia_unavailable).</summary>
    public string? ReferenceNumber { get; init; }

    /// <summary>R-CONSENT-1: the version of the consent text the person was asked.</summary>
    public string? ConsentTextVersion { get; init; }
}
