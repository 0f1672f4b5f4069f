using IdentityBroker.Core.Protocol;
using IdentityBroker.Core.Regions;
using IdentityBroker.Core.SignIn;
using IdentityBroker.Core.Stores;
using IdentityBroker.Esia;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Protocol;
using IdentityBroker.Server.Protocol.Responses;
using IdentityBroker.Server.Regions;
using IdentityBroker.Server.Ui;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.SignIn;

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
    PasswordFallbackProtector protector,
    IAntiforgery antiforgery,
    IAuditLog audit,
    IOptions<BrokerOptions> options,
    TimeProvider time,
    ILogger<PasswordFallbackOffer> logger)
{
    public const string RuleId = "R-REGION-3";

    /// <summary>The page for <see cref="SignInFlow"/>'s esia_unavailable refusal (given its reference number and return URL).</summary>
    public Func<string, string?, IResult?> Prepare(HttpContext context, Region region, AuthorizationRequest request, string browserBindingHash) =>
        (reference, returnUrl) => Render(context, region, request, browserBindingHash, reference, returnUrl);

    /// <summary>
    /// ESIA failed before the redirect (<see cref="EsiaChallenge"/>): an outage gets the esia_unavailable page (with the
    /// fallback where allowed), anything else the service_misconfigured refusal. Audited like every refusal (rule ESIA).
    /// </summary>
    public async Task<IResult> RefuseAtChallengeAsync(
        HttpContext context, RegionEntry region, AuthorizationRequest request, string browserBindingHash, EsiaException failure, CancellationToken cancellationToken)
    {
        var code = region.Region.Code;
        IdentityBroker.Esia.Http.EsiaMetrics.RecordError(code, failure);
        var outage = IsOutage(failure);
        var reason = outage ? ReasonCodes.EsiaUnavailable : ReasonCodes.ServiceMisconfigured;
        Log.EsiaChallengeFailed(logger, code, failure.Kind.ToString(), failure.EsiaErrorCode, failure.Message);

        var reference = ReferenceNumber.New();
        await audit.RecordAsync(new AuditRecord(time.GetUtcNow(), AuditEventTypes.SignIn, request.RegionCode, request.ClientId, reason, "ESIA", null, null, reference, "at_redirect"), cancellationToken);
        Log.SignInRefused(logger, request.RegionCode, request.ClientId, reason, "ESIA", reference);
        var returnUrl = request.ResponseMode == "query"
            ? AuthorizeResponse.ErrorUrl(request.RedirectUri, OAuthErrors.AccessDenied, reason, request.State, options.Value.Issuer)
            : null;
        return outage
            ? Render(context, region.Region, request, browserBindingHash, reference, returnUrl)
            : ErrorPages.Refusal(reason, "ESIA", reference, returnUrl);
    }

    /// <summary>
    /// ESIA cannot be reached for this sign-in: ESIA itself is unavailable, or the remote GOST signer that must sign the
    /// request to ESIA did not answer (network error or timeout; the ESIA client reports it as Misconfigured with the
    /// transport exception inside). A signer that answers wrongly stays a misconfiguration.
    /// </summary>
    public static bool IsOutage(EsiaException failure) =>
        failure.Kind == EsiaFailureKind.Unavailable ||
        (failure.Kind == EsiaFailureKind.Misconfigured && failure.InnerException is HttpRequestException or TaskCanceledException or TimeoutException);

    /// <summary>The esia_unavailable page: with the password form where the region allows it, otherwise "only through Gosuslugi".</summary>
    public IResult Render(HttpContext context, Region region, AuthorizationRequest request, string browserBindingHash, string reference, string? returnUrl)
    {
        if (region.Policy.PasswordSignIn != PasswordSignInMode.FallbackWhenEsiaUnavailable)
        {
            return PasswordFallbackPage.Render(context, antiforgery, null, reference, returnUrl, StatusCodes.Status403Forbidden);
        }

        Log.PasswordFallbackOffered(logger, request.RegionCode, request.ClientId);
        var pending = protector.Protect(new PendingPasswordFallback(request, browserBindingHash, reference, returnUrl));
        return PasswordFallbackPage.Render(context, antiforgery, pending, reference, returnUrl, StatusCodes.Status403Forbidden);
    }
}

/// <summary>Renders <see cref="PasswordFallbackView"/> (never cached), with a fresh antiforgery token when it has a form.</summary>
internal static class PasswordFallbackPage
{
    public static IResult Render(
        HttpContext context, IAntiforgery antiforgery, string? pending, string? reference, string? returnUrl, int status,
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
            [nameof(PasswordFallbackView.ReturnUrl)] = returnUrl,
        })
        { StatusCode = status });
    }
}
