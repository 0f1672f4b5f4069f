namespace IdentityBroker.Core.Interaction;

/// <summary>
/// Sign-in transactions (<see cref="SignInTransaction"/>). Every step form counts once because every change is ONE
/// conditional statement on the row's step and version: of two posts of the same form (any replica, any timing) exactly
/// one claims it; a form rendered before the last claim or move is stale.
/// </summary>
public interface ISignInTransactionStore
{
    /// <summary>Stores a new transaction (at <see cref="SignInStep.Esia"/>, version 0).</summary>
    Task CreateAsync(SignInTransaction transaction, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the transaction for the answer to the form of <paramref name="step"/> rendered at <paramref name="version"/>:
    /// <c>UPDATE … SET version = version + 1 WHERE id = @id AND step = @step AND version = @version AND browser = @browser
    /// AND expires_at &gt; @now RETURNING *</c>. A post from another browser does not use the form up (it is reported as
    /// <see cref="ClaimResult.OtherBrowser"/>, which costs a second read only on that failure path).
    /// </summary>
    Task<StepClaim> ClaimAsync(Guid id, SignInStep step, int version, string browserBindingHash, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a transaction the caller holds at <paramref name="version"/> to <paramref name="step"/> with
    /// <paramref name="progress"/>: <c>UPDATE … SET step, progress, expires_at, version = version + 1 WHERE id AND version</c>.
    /// Returns the new version, or null when the transaction is gone or someone else moved it.
    /// </summary>
    Task<int?> MoveAsync(Guid id, int version, SignInStep step, string? progress, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>
    /// Ends a transaction the caller holds at <paramref name="version"/> (<c>DELETE … WHERE id AND version</c>); joins an
    /// ambient <see cref="Stores.IUnitOfWork"/>, so the finish of a sign-in ends it in the same commit as its code.
    /// Returns false when it was gone or moved on.
    /// </summary>
    Task<bool> EndAsync(Guid id, int version, CancellationToken cancellationToken);
}
