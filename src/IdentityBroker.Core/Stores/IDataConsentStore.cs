using IdentityBroker.Core.Consent;

namespace IdentityBroker.Core.Stores;

/// <summary>R-CONSENT-1: first-login consents, versioned and revocable.</summary>
public interface IDataConsentStore
{
    /// <summary>The person's active (not revoked) consent in the region, of any version; null when none.</summary>
    Task<DataConsent?> FindActiveAsync(string regionCode, string esiaSubjectHash, CancellationToken cancellationToken);

    /// <summary>Records a consent to <paramref name="textVersion"/>; an earlier active consent of another version is closed
    /// (revoked_at = now) in the same transaction, so one stays active.</summary>
    Task<DataConsent> GrantAsync(string regionCode, string esiaSubjectHash, string textVersion, string clientId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Revokes the active consent; false when there was none.</summary>
    Task<bool> RevokeAsync(string regionCode, string esiaSubjectHash, DateTimeOffset now, CancellationToken cancellationToken);
}
