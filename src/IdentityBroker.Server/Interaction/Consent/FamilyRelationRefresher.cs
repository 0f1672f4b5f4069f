using IdentityBroker.Core.Consent;
using IdentityBroker.Core.Stores;
using IdentityBroker.Esia;
using IdentityBroker.Server.Regions;

namespace IdentityBroker.Server.Interaction.Consent;

/// <summary>
/// R-CONSENT-6: at every sign-in, the children ESIA lists for the person (<c>/rs/prns/{oid}/kids</c>, read when the region's
/// ESIA scopes include <c>kid_*</c>) are matched to the region's diary accounts (<see cref="FamilyRelationMatcher"/>) and
/// REPLACE the person's verified relations, so a child unlinked in ESIA stops being theirs at the next sign-in. A region
/// without kid scopes reads no children and leaves the relations alone.
/// </summary>
internal sealed class FamilyRelationRefresher(FamilyRelationMatcher matcher, IFamilyRelationStore store, TimeProvider time, ILogger<FamilyRelationRefresher> logger)
{
    public static bool ReadsChildren(RegionEntry region) => region.Esia.Scopes.Any(s => s.StartsWith("kid_", StringComparison.Ordinal));

    public async Task RefreshAsync(RegionEntry region, string parentEsiaSubjectHash, IReadOnlyList<EsiaChild> children, CancellationToken cancellationToken)
    {
        if (!ReadsChildren(region))
        {
            return;
        }

        var reported = children.Select(c => new ReportedChild(c.Oid, c.Name, c.BirthDate, c.Snils)).ToList();
        var relations = await matcher.MatchAsync(region.Region.Code, parentEsiaSubjectHash, reported, time.GetUtcNow(), cancellationToken);
        await store.ReplaceAsync(region.Region.Code, parentEsiaSubjectHash, relations, cancellationToken);
        if (reported.Count > 0 || relations.Count > 0)
        {
            ParentalConsentLog.FamilyRelationsRefreshed(logger, region.Region.Code, relations.Count, reported.Count);
        }
    }
}
