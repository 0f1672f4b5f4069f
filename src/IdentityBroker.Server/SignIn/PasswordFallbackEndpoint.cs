using IdentityBroker.Core.Regions;
using IdentityBroker.Core.SignIn;
using IdentityBroker.Server.Protocol;
using IdentityBroker.Server.Regions;
using IdentityBroker.Server.Ui;
using Microsoft.AspNetCore.Antiforgery;

namespace IdentityBroker.Server.SignIn;

/// <summary>
/// <c>POST /signin/password</c>: R-REGION-3 password fallback. Accepts only a form created by <see cref="PasswordFallbackOffer"/>
/// when ESIA failed for this very sign-in, in this browser, within the form's lifetime, and only while the region's
/// policy still allows it: it is not a password endpoint that works while ESIA is up. The same limiter and verifier as
/// manual linking (<see cref="ManualLinkCredentialCheck"/>, any usable account of the region, R-MATCH-8); no link is made
/// (there is no ESIA person). The session carries <c>amr</c> ["pwd"] and the audit rule R-REGION-3.
/// </summary>
internal static class PasswordFallbackEndpoint
{
    /// <summary>The <c>acr</c> of a password-fallback session: not an ESIA level, so a diary can tell it apart.</summary>
    public const string Acr = "urn:identitybroker:diary-password";

    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost(ProtocolRoutes.PasswordFallback, HandleAsync).DisableAntiforgery(); // validated explicitly (ManualLinkForm) and bound to the browser

    private static async Task<IResult> HandleAsync(
        HttpContext context, IAntiforgery antiforgery, PasswordFallbackProtector protector, ManualLinkCredentialCheck check, SignInFlow flow,
        RegionCatalog catalog, TimeProvider time, ILogger<ManualLinkCredentialCheck> logger, CancellationToken cancellationToken)
    {
        var form = await ManualLinkForm.ReadAsync(context, antiforgery, cancellationToken);
        var pending = protector.Unprotect(form?.Pending);
        if (form is null || pending is null || !BrowserBinding.Matches(context, pending.BrowserBindingHash) ||
            catalog.FindRegion(pending.Request.RegionCode)?.Region.Policy.PasswordSignIn != PasswordSignInMode.FallbackWhenEsiaUnavailable)
        {
            Log.CredentialFormInvalid(logger, "password_fallback");
            return ManualLinkForm.Expired("входа по логину и паролю");
        }

        IResult Again(int status, string message, string kind) =>
            PasswordFallbackPage.Render(context, antiforgery, form.Pending!, pending.ReferenceNumber, pending.ReturnUrl, status, form.Login.Trim(), message, kind);

        if (!form.IsComplete)
        {
            return Again(StatusCodes.Status400BadRequest, ManualLinkTexts.MissingFields, ManualLinkTexts.MissingFieldsKind);
        }

        var attempt = new CredentialAttempt(pending.Request, null, PasswordFallbackOffer.RuleId, "password_fallback", pending.ReferenceNumber);
        var result = await check.CheckAsync(attempt, form.Login, form.Password, allowedAccountIds: null, cancellationToken);
        switch (result.Outcome)
        {
            case CredentialOutcome.Delayed:
                var wait = result.RetryAt!.Value - time.GetUtcNow();
                context.Response.Headers.RetryAfter = ((long)Math.Ceiling(Math.Max(1, wait.TotalSeconds))).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Again(StatusCodes.Status429TooManyRequests, ManualLinkTexts.Delayed(wait), ManualLinkTexts.DelayedKind);

            case CredentialOutcome.WrongCredentials:
                return Again(StatusCodes.Status400BadRequest, ManualLinkTexts.WrongCredentials, ManualLinkTexts.WrongCredentialsKind);

            case CredentialOutcome.AccountInactive:
                return ErrorPages.Refusal(ReasonCodes.AccountInactive, RuleIds.Match8, pending.ReferenceNumber, pending.ReturnUrl);

            default:
                var authentication = new Authentication(string.Empty, time.GetUtcNow(), ["pwd"], Acr);
                return await flow.FinishAsync(context, pending.Request, result.Account!, PasswordFallbackOffer.RuleId, authentication, cancellationToken);
        }
    }
}
