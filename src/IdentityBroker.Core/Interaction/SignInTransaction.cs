using IdentityBroker.Core.Protocol;

namespace IdentityBroker.Core.Interaction;

/// <summary>
/// One sign-in in progress, server-side, from the redirect to ESIA until the authorization code (or a refusal): the
/// client's request (nothing the client sent has to survive in the browser), the browser it is bound to
/// (<see cref="BrowserBindingHash"/>, the hash of a random value in a protected cookie: ESIA has no nonce, ESIA.md §4.3),
/// the step it waits at and what the earlier steps found (<see cref="Progress"/>).
/// </summary>
/// <param name="Id">Random; the ESIA <c>state</c> while at <see cref="SignInStep.Esia"/>, then the id the step forms carry.</param>
/// <param name="Version">Bumped by every claim and move: a form names the version it was rendered at, so it counts once.</param>
/// <param name="Progress">What the steps so far found, as JSON written by the Server (diary ids and keyed hashes only, never
/// a name, SNILS or birth date); null at <see cref="SignInStep.Esia"/>.</param>
public sealed record SignInTransaction(
    Guid Id,
    string BrowserBindingHash,
    AuthorizationRequest Request,
    SignInStep Step,
    int Version,
    string? Progress,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt);

/// <summary>What <see cref="ISignInTransactionStore.ClaimAsync"/> found.</summary>
public enum ClaimResult
{
    /// <summary>The transaction was at the step and version, in this browser, not expired: it is now the caller's.</summary>
    Claimed,

    /// <summary>No such transaction at that step and version (unknown, expired, already used, or moved on).</summary>
    NotFound,

    /// <summary>The transaction is at that step and version but bound to another browser; it was left untouched.</summary>
    OtherBrowser,
}

/// <param name="Transaction">The claimed transaction, at its new version; null unless <see cref="Result"/> is Claimed.</param>
public sealed record StepClaim(ClaimResult Result, SignInTransaction? Transaction);
