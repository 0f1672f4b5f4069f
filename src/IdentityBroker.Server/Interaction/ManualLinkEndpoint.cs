using IdentityBroker.Core.SignIn;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Protocol;
using IdentityBroker.Server.Ui;
using Microsoft.AspNetCore.Antiforgery;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// <c>POST /signin/link</c>: R-MATCH-6 manual linking. The person, signed in at ESIA and matched by name only to diary
/// accounts without SNILS, proves with the diary login and password that one of them is theirs; the account is linked
/// once (<see cref="LinkMethods.DiaryPassword"/>) and the sign-in continues as any other (<see cref="SignInFlow.EnterAsync"/>);
/// later sign-ins use the link (R-MATCH-7). It proves ownership and is not a sign-in by password, so it works in regions
/// that forbid password sign-in (R-REGION-3). Attempts are limited and audited by <see cref="ManualLinkCredentialCheck"/>;
/// a wrong or delayed attempt re-shows the form (the login kept) with the reason.
/// </summary>
internal static class ManualLinkEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost(ProtocolRoutes.ManualLink, HandleAsync).DisableAntiforgery(); // validated explicitly (ManualLinkForm) and bound to the browser

    private static async Task<IResult> HandleAsync(
        HttpContext context, IAntiforgery antiforgery, ProtectedFormState<PendingManualLink> forms, ManualLinkCredentialCheck check, SignInFlow flow,
        TimeProvider time, ILogger<ManualLinkCredentialCheck> logger, CancellationToken cancellationToken)
    {
        var form = await ManualLinkForm.ReadAsync(context, antiforgery, cancellationToken);
        var pending = forms.Read(form?.Pending);
        if (form is null || pending is null || !BrowserBinding.Matches(context, pending.BrowserBindingHash))
        {
            Log.CredentialFormInvalid(logger, "manual_link");
            return ManualLinkForm.Expired("привязки профиля");
        }

        IResult Again(int status, string message, string kind) =>
            ManualLinkPage.Render(context, antiforgery, form.Pending!, pending.ReferenceNumber, pending.Return, status, form.Login.Trim(), message, kind);

        if (!form.IsComplete)
        {
            return Again(StatusCodes.Status400BadRequest, ManualLinkTexts.MissingFields, ManualLinkTexts.MissingFieldsKind);
        }

        var attempt = new CredentialAttempt(pending.Request, pending.Authentication.EsiaSubjectHash, RuleIds.Match6, "manual_link", pending.ReferenceNumber);
        var result = await check.CheckAsync(attempt, form.Login, form.Password, pending.CandidateIds, cancellationToken);
        if (ManualLinkForm.ForFailure(context, result, time.GetUtcNow(), Again, pending.ReferenceNumber, pending.Return) is { } failed)
        {
            return failed;
        }

        var account = result.Account!;
        return await flow.EnterAsync(
            context, pending.Request, [account], account, LinkMethods.DiaryPassword, RuleIds.Match6, pending.Authentication, cancellationToken);
    }
}
