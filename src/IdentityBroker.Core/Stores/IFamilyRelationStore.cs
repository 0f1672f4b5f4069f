using IdentityBroker.Core.Consent;

namespace IdentityBroker.Core.Stores;

/// <summary>R-CONSENT-6: parent–child relations verified from ESIA at the parent's sign-in.</summary>
public interface IFamilyRelationStore
{
    /// <summary>Replaces the parent's relations in the region with <paramref name="children"/> (one transaction).</summary>
    Task ReplaceAsync(string regionCode, string parentEsiaSubjectHash, IReadOnlyList<FamilyRelation> children, CancellationToken cancellationToken);

    /// <summary>The parent's verified children in the region.</summary>
    Task<IReadOnlyList<FamilyRelation>> FindChildrenAsync(string regionCode, string parentEsiaSubjectHash, CancellationToken cancellationToken);

    /// <summary>Every verified parent of a child's diary account in the region.</summary>
    Task<IReadOnlyList<FamilyRelation>> FindParentsAsync(string regionCode, string childAccountId, CancellationToken cancellationToken);
}
