using IdentityBroker.Core.Interaction;
using IdentityBroker.Core.Protocol;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Protocol;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Interaction.Steps;

/// <summary>
/// The end of a sign-in: the success audit record, the broker session (with its client) and the authorization code, and the
/// end of the sign-in transaction are ONE commit (<see cref="IUnitOfWork"/>, issue #10 item 6): a success record never
/// announces a session or code that a crash left unwritten, no session exists unaudited, and a transaction that another
/// request ended meanwhile yields nothing. The session cookie is written after the commit (it only points at the row).
/// </summary>
internal sealed class FinishStep(
    ISignInTransactionStore transactions,
    ISessionStore sessions,
    IAuditLog audit,
    IUnitOfWork unitOfWork,
    AuthorizationCodeIssuer codes,
    IOptions<BrokerOptions> options,
    TimeProvider time,
    ILogger<FinishStep> logger) : ISignInStep
{
    public async Task<StepOutcome> EnterAsync(SignInContext context, CancellationToken cancellationToken)
    {
        using var span = Telemetry.BrokerTelemetry.Source.StartActivity("sign_in.finish");
        var progress = context.Progress;
        var request = context.Request;
        var authentication = progress.Authentication!;
        var accountId = progress.ChosenAccountId!;
        var ruleId = progress.RuleId!;
        var now = time.GetUtcNow();
        var expires = now + options.Value.SessionLifetime;
        var session = new SessionInfo(accountId, request.RegionCode, Protocol.Tokens.OpaqueHandle.New(), authentication.AuthTime, authentication.Amr, authentication.Acr)
        {
            EsiaSubjectHash = authentication.EsiaSubjectHash,
        };
        var transaction = context.Transaction;
        var code = await unitOfWork.RunAsync<string?>(async ct =>
        {
            if (!await transactions.EndAsync(transaction.Id, transaction.Version, ct))
            {
                return null; // ended meanwhile (expired and cleaned up): nothing is written
            }

            await audit.RecordAsync(AuditRecord.SignInSucceeded(now, request.RegionCode, request.ClientId, ruleId, accountId, authentication.AuditPerson), ct);
            await sessions.CreateAsync(BrokerSession.Record(session, now, expires), ct);
            return await codes.StoreCodeAsync(request, session, ct);
        }, cancellationToken);
        if (code is null)
        {
            return new StepOutcome.Stale("the sign-in ended before it finished");
        }

        Telemetry.BrokerMetrics.SignIn(request.RegionCode, ruleId, AuditOutcomes.Success);
        Log.SignInSucceeded(logger, accountId, request.RegionCode, request.ClientId, ruleId);
        return new StepOutcome.Finish(session, expires, code);
    }
}
