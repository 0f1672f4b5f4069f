using IdentityBroker.Core.Protocol;
using IdentityBroker.Core.Regions;
using IdentityBroker.Core.SignIn;
using IdentityBroker.Core.Stores;
using IdentityBroker.Esia;
using IdentityBroker.Server.Regions;
using IdentityBroker.Server.Ui;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// R-REGION-3: the esia_unavailable page. Where the region's policy is <see cref="PasswordSignInMode.FallbackWhenEsiaUnavailable"/>
/// it offers "Войти по логину и паролю дневника" with a protected, browser-bound <see cref="PendingPasswordFallback"/>
/// created here, at the failure — so the password form exists only for a sign-in whose ESIA step actually failed; there
/// is no password endpoint that works while ESIA is up. Where the policy is <see cref="PasswordSignInMode.Forbidden"/>
/// the page says that sign-in is possible only through Gosuslugi. ESIA unavailability is caught at the redirect
/// (<see cref="EsiaChallenge"/>: the request to ESIA cannot be prepared because the remote signer is unreachable) and at
/// the callback (<see cref="SignInFlow"/>: timeout, 5xx, ESIA-007008, breaker open, limiter full).
/// </summary>
internal sealed class PasswordFallbackOffer(
    ProtectedFormState<PendingPasswordFallback> forms,
    IAntiforgery antiforgery,
    SignInRefusals refusals,
    ILogger<PasswordFallbackOffer> logger)
{
    /// <summary>
    /// ESIA failed before the redirect (<see cref="EsiaChallenge"/>): read like a failure at the callback
    /// (<see cref="EsiaFailureClassifier"/>): an outage gets the esia_unavailable page (with the fallback where allowed),
    /// anything else its refusal. Audited like every refusal, with the detail "at_redirect".
    /// </summary>
    public async Task<IResult> RefuseAtChallengeAsync(
        HttpContext context, RegionEntry region, AuthorizationRequest request, string browserBindingHash, EsiaException failure, CancellationToken cancellationToken)
    {
        var code = region.Region.Code;
        IdentityBroker.Esia.Http.EsiaMetrics.RecordError(code, failure);
        Log.EsiaChallengeFailed(logger, code, failure.Kind.ToString(), failure.EsiaErrorCode, failure.Message);
        var (reason, rule) = EsiaFailureClassifier.Classify(failure);
        var refusal = await refusals.RecordAsync(request, reason, rule, null, cancellationToken, detail: "at_redirect");
        return reason == ReasonCodes.EsiaUnavailable
            ? Render(context, region.Region, request, browserBindingHash, refusal)
            : SignInRefusals.Page(refusal);
    }

    /// <summary>The esia_unavailable page of a recorded refusal: with the password form where the region allows it, otherwise "only through Gosuslugi".</summary>
    public IResult Render(HttpContext context, Region region, AuthorizationRequest request, string browserBindingHash, SignInRefusal refusal)
    {
        if (region.Policy.PasswordSignIn != PasswordSignInMode.FallbackWhenEsiaUnavailable)
        {
            return PasswordFallbackPage.Render(context, antiforgery, null, refusal.ReferenceNumber, refusal.Return, StatusCodes.Status403Forbidden);
        }

        Log.PasswordFallbackOffered(logger, request.RegionCode, request.ClientId);
        var pending = forms.Protect(new PendingPasswordFallback(request, browserBindingHash, refusal.ReferenceNumber, refusal.Return));
        return PasswordFallbackPage.Render(context, antiforgery, pending, refusal.ReferenceNumber, refusal.Return, StatusCodes.Status403Forbidden);
    }
}

/// <summary>Renders <see cref="PasswordFallbackView"/> (never cached), with a fresh antiforgery token when it has a form.</summary>
internal static class PasswordFallbackPage
{
    public static IResult Render(
        HttpContext context, IAntiforgery antiforgery, string? pending, string? reference, ClientReturn? clientReturn, int status,
        string? login = null, string? message = null, string? messageKind = null)
    {
        var tokens = pending is null ? null : antiforgery.GetAndStoreTokens(context);
        return new NoStoreResult(new RazorComponentResult<PasswordFallbackView>(new Dictionary<string, object?>
        {
            [nameof(PasswordFallbackView.Text)] = ReasonTexts.For(ReasonCodes.EsiaUnavailable),
            [nameof(PasswordFallbackView.Pending)] = pending,
            [nameof(PasswordFallbackView.AntiforgeryFieldName)] = tokens?.FormFieldName,
            [nameof(PasswordFallbackView.AntiforgeryToken)] = tokens?.RequestToken,
            [nameof(PasswordFallbackView.Login)] = login,
            [nameof(PasswordFallbackView.Message)] = message,
            [nameof(PasswordFallbackView.MessageKind)] = messageKind,
            [nameof(PasswordFallbackView.ReferenceNumber)] = reference,
            [nameof(PasswordFallbackView.Return)] = clientReturn,
        })
        { StatusCode = status });
    }
}
