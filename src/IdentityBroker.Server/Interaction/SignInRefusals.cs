using IdentityBroker.Core.Protocol;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Protocol;
using IdentityBroker.Server.Protocol.Responses;
using IdentityBroker.Server.Ui;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// The ONE place a sign-in is refused, wherever in the sign-in that happens (the redirect to ESIA, the callback, the
/// decision, parental consent, data consent, a diary password form): the audit record with a fresh reference number and the
/// person's keys (R-ERR-1), the log line, the metric, and the return to the client — <c>access_denied</c> with the
/// client's state in BOTH response modes (query: a link; form_post: a form posted to the redirect URI).
/// The caller renders <see cref="Page"/> or a page of its own that also offers a form (R-MATCH-6, R-REGION-3).
/// </summary>
internal sealed class SignInRefusals(IAuditLog audit, IUnitOfWork unitOfWork, IOptions<BrokerOptions> options, TimeProvider time, ILogger<SignInRefusals> logger)
{
    /// <summary>
    /// Audits and logs the refusal. <paramref name="alongside"/>: records of the same decision written in the SAME
    /// transaction as the refusal's own (a declined data consent, issue #10 item 6).
    /// </summary>
    public async Task<SignInRefusal> RecordAsync(
        AuthorizationRequest request, string reasonCode, string ruleId, AuditPerson? person, CancellationToken cancellationToken,
        string? diaryAccountId = null, string? detail = null, IReadOnlyList<AuditRecord>? alongside = null)
    {
        var reference = ReferenceNumber.New();
        var record = AuditRecord.SignInRefused(time.GetUtcNow(), request.RegionCode, request.ClientId, reasonCode, ruleId, reference, person, diaryAccountId, detail);
        if (alongside is { Count: > 0 })
        {
            await unitOfWork.RunAsync(async ct =>
            {
                foreach (var other in alongside)
                {
                    await audit.RecordAsync(other, ct);
                }

                await audit.RecordAsync(record, ct);
            }, cancellationToken);
        }
        else
        {
            await audit.RecordAsync(record, cancellationToken);
        }

        Log.SignInRefused(logger, request.RegionCode, request.ClientId, reasonCode, ruleId, reference);
        Telemetry.BrokerMetrics.SignIn(request.RegionCode, ruleId, reasonCode);
        return new SignInRefusal(reasonCode, ruleId, reference, ReturnFor(request, reasonCode));
    }

    /// <summary>Audits, logs and renders the refusal page (<paramref name="variant"/>: a <see cref="ReasonTexts"/> variant).</summary>
    public async Task<IResult> RefuseAsync(
        AuthorizationRequest request, string reasonCode, string ruleId, AuditPerson? person, CancellationToken cancellationToken, string? variant = null)
        => Page(await RecordAsync(request, reasonCode, ruleId, person, cancellationToken), variant);

    /// <summary>The standard Russian refusal page of <paramref name="refusal"/>.</summary>
    public static IResult Page(SignInRefusal refusal, string? variant = null) =>
        ErrorPages.Refusal(refusal.ReasonCode, refusal.RuleId, refusal.ReferenceNumber, refusal.Return, variant: variant);

    /// <summary>"Return to the diary": access_denied with the reason as description and the client's state, in its response mode.</summary>
    public ClientReturn ReturnFor(AuthorizationRequest request, string reasonCode) =>
        AuthorizeResponse.ErrorReturn(request.RedirectUri, request.ResponseMode, OAuthErrors.AccessDenied, reasonCode, request.State, options.Value.Issuer);
}
