namespace IdentityBroker.Core.Consent;

/// <summary>
/// R-CONSENT-1: a person's consent to the processing of the data the broker passes to the diary, given at the first
/// sign-in in a region, for one version of the text; revocable. The person appears only as the keyed hash of the ESIA id.
/// </summary>
public sealed record DataConsent(
    long Id,
    string RegionCode,
    string EsiaSubjectHash,
    string TextVersion,
    string ClientId,
    DateTimeOffset GrantedAt,
    DateTimeOffset? RevokedAt);
