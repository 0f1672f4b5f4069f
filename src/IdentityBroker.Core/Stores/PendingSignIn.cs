using IdentityBroker.Core.Protocol;

namespace IdentityBroker.Core.Stores;

/// <summary>
/// A sign-in in progress at ESIA. Keyed by the UUID <c>state</c> sent to ESIA (ESIA.md §2.1) and bound to the
/// browser by <see cref="BrowserBindingHash"/> (the hash of a random value in a protected cookie), because ESIA has no
/// nonce (ESIA.md §4.3). Consumed exactly once.
/// </summary>
public sealed record PendingSignIn(
    Guid EsiaState,
    string BrowserBindingHash,
    AuthorizationRequest Request,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt);
