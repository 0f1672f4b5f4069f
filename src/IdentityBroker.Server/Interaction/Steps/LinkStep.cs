using IdentityBroker.Core.Stores;

namespace IdentityBroker.Server.Interaction.Steps;

/// <summary>
/// R-MATCH-7: one link per proven account, created once (ON CONFLICT) and audited when new; each link and its audit record
/// are one transaction (<see cref="IUnitOfWork"/>). Nothing to do when the account was found through an existing link or
/// the person signed in with the diary password (no ESIA person to link).
/// </summary>
internal sealed class LinkStep(IAccountLinkStore links, IAuditLog audit, IUnitOfWork unitOfWork, TimeProvider time, ILogger<LinkStep> logger) : ISignInStep
{
    public async Task<StepOutcome> EnterAsync(SignInContext context, CancellationToken cancellationToken)
    {
        var progress = context.Progress;
        if (progress.LinkMethod is not { } method)
        {
            return new StepOutcome.Next(progress);
        }

        using var span = Telemetry.BrokerTelemetry.Source.StartActivity("sign_in.link");
        var request = context.Request;
        var authentication = progress.Authentication!;
        var now = time.GetUtcNow();
        foreach (var accountId in progress.Proven)
        {
            var created = await unitOfWork.RunAsync(async ct =>
            {
                var (_, isNew) = await links.LinkAsync(new AccountLink(request.RegionCode, authentication.EsiaSubjectHash, accountId, method, now), ct);
                if (isNew)
                {
                    await audit.RecordAsync(AuditRecord.Linked(now, request.RegionCode, request.ClientId, progress.RuleId!, accountId, method, authentication.AuditPerson), ct);
                }

                return isNew;
            }, cancellationToken);
            if (created)
            {
                Log.AccountLinked(logger, accountId, request.RegionCode, method);
            }
        }

        return new StepOutcome.Next(progress);
    }
}
