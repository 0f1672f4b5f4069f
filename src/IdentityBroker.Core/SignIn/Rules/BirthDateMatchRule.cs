using IdentityBroker.Core.Directory;
using IdentityBroker.Core.People;
using IdentityBroker.Core.Privacy;
using IdentityBroker.Core.Stores;

namespace IdentityBroker.Core.SignIn.Rules;

/// <summary>
/// R-MATCH-3: under 14, full name (R-MATCH-4) AND birth date must match; a birth-certificate number, where both sides have
/// it, confirms the match: the same certificate keeps the account, a different one rules that account out. Where either
/// side lacks a certificate, name and birth date decide alone. Same name without a matching account (other birth date, or
/// ruled out by the certificate) → data_mismatch; an account with the same birth date whose name differs only slightly
/// (<see cref="Matching.NameResemblance"/>: a Latin look-alike letter, a patronymic on one side only) → data_mismatch too,
/// so the parent fixes the data instead of asking the school for a duplicate account; nothing like it → no_diary_account.
/// </summary>
public sealed class BirthDateMatchRule(IDiaryDirectory directory, PersonalDataHasher? hasher = null)
{
    public async Task<MatchOutcome> MatchAsync(string regionCode, EsiaPerson person, CancellationToken cancellationToken)
    {
        var name = person.Name.Normalized;
        IReadOnlyList<DiaryAccount> candidates = person.BirthDate is { } birthDate
            ? await directory.FindByNameAndBirthDateAsync(regionCode, name, birthDate, cancellationToken)
            : [];
        var certificateHash = person.BirthCertificate is { } certificate && hasher is not null
            ? hasher.HashBirthCertificate(certificate.Series, certificate.Number)
            : null;
        var matches = candidates
            .Where(a => certificateHash is null || a.BirthCertificateHash is null || a.BirthCertificateHash == certificateHash)
            .ToList();
        if (matches.Count > 0)
        {
            return MatchOutcome.Found(matches, RuleIds.Match3, LinkMethods.NameAndBirthDate);
        }

        var sameName = candidates.Count > 0 || await directory.AnyWithNormalizedNameAsync(regionCode, name, cancellationToken);
        var nearName = !sameName && person.BirthDate is { } born
            && (await directory.FindByBirthDateAsync(regionCode, born, cancellationToken)).Any(a => Matching.NameResemblance.Resembles(a.Name, person.Name));
        return MatchOutcome.Refused(
            sameName || nearName ? SignIn.ReasonCodes.DataMismatch : SignIn.ReasonCodes.NoDiaryAccount,
            RuleIds.Match3,
            LinkMethods.NameAndBirthDate);
    }
}
