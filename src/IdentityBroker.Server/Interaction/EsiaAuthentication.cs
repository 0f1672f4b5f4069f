using IdentityBroker.Core.Stores;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// How the person authenticated for this sign-in, carried through its steps into the broker session: the keyed hash of the
/// ESIA id (or, for a password fallback sign-in, the diary account's stand-in subject), when and how. Named apart from
/// ASP.NET Core's authentication, which it is not.
/// </summary>
internal sealed record EsiaAuthentication(string EsiaSubjectHash, DateTimeOffset AuthTime, IReadOnlyList<string> Amr, string Acr)
{
    /// <summary>R-ERR-1: keyed hash of the person's SNILS (audit lookup key), null when ESIA gave none.</summary>
    public string? PersonSnilsHash { get; init; }

    /// <summary>R-ERR-1: keyed hash of normalised name + birth date (audit lookup key), null without a birth date.</summary>
    public string? PersonNameBirthHash { get; init; }

    /// <summary>R-MATCH-1: full years on the region's calendar day of sign-in, for the parental-consent step (R-CONSENT-2).</summary>
    public int? Age { get; init; }

    /// <summary>The person as every audit record of this sign-in names them (keyed hashes only, R-ERR-1).</summary>
    public AuditPerson AuditPerson => new(EsiaSubjectHash, PersonSnilsHash, PersonNameBirthHash);
}
