namespace IdentityBroker.Core.Stores;

/// <summary>
/// Writes that belong together, committed together: one PostgreSQL transaction around a piece of work, so that after any
/// failure (an exception, a lost connection, the process killed with <c>kill -9</c>) either every write of the work is in
/// the database or none is. The broker uses it for a link and its audit record, a consent and its audit record, the
/// successful sign-in's audit record with the broker session and the authorization code it announces, a logout and its audit
/// record, and a consent revocation with its effects (sessions ended, refresh tokens revoked) and audit records (issue #10 item 6).
/// <para>Contract:</para>
/// <list type="bullet">
/// <item>Every write that the participating stores (<see cref="IAccountLinkStore"/>, <see cref="IAuditLog"/>,
/// <see cref="ISessionStore"/>, <see cref="IAuthorizationCodeStore"/>, <see cref="IDataConsentStore"/>,
/// <see cref="IParentalConsentStore"/>, and <see cref="IRefreshTokenStore.RevokeSubjectAsync"/> of the refresh-token store) make while <paramref name="work"/> runs, on its async flow, goes through ONE
/// connection and ONE transaction, which commits when the work returns and rolls back when it throws. Reads of those stores
/// inside the work see the work's own uncommitted writes. Other stores keep their own connections: do not call them inside
/// the work for rows the work has written (they would wait on the work's row locks).</item>
/// <item>A store that needs a transaction of its own (a consent grant's advisory lock, a session end) nests as a savepoint
/// of the outer transaction, and its locks are held until the outer commit.</item>
/// <item>A nested <c>RunAsync</c> joins the outer unit of work (no second transaction).</item>
/// <item>Store calls inside the work are sequential (one connection): never run them concurrently (<c>Task.WhenAll</c>).</item>
/// <item>Nothing outside PostgreSQL (cookies, HTTP answers, logs, metrics) is undone by a rollback: compute such effects
/// inside the work only if they are harmless when the commit fails, and log successes after the commit.</item>
/// </list>
/// </summary>
public interface IUnitOfWork
{
    /// <summary>Runs <paramref name="work"/> in one transaction (see the type's contract) and returns its result after the commit.</summary>
    Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one transaction (see the type's contract).</summary>
    async Task RunAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await RunAsync(async ct =>
        {
            await work(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }
}
