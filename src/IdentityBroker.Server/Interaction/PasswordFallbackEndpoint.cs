using IdentityBroker.Core.Regions;
using IdentityBroker.Core.SignIn;
using IdentityBroker.Server.Protocol;
using IdentityBroker.Server.Regions;
using IdentityBroker.Server.Ui;
using Microsoft.AspNetCore.Antiforgery;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// <c>POST /signin/password</c>: R-REGION-3 password fallback. Accepts only a form created by <see cref="PasswordFallbackOffer"/>
/// when ESIA failed for this very sign-in, in this browser, within the form's lifetime, and only while the region's
/// policy still allows it: it is not a password endpoint that works while ESIA is up. The same limiter and verifier as
/// manual linking (<see cref="ManualLinkCredentialCheck"/>, any usable account of the region, R-MATCH-8); no link is made
/// (there is no ESIA person). The session carries <c>amr</c> ["pwd"] and the audit rule R-REGION-3.
/// </summary>
internal static class PasswordFallbackEndpoint
{
    /// <summary>
    /// The subject consents and sessions of a password sign-in are kept under: no ESIA person is known, so the diary account
    /// stands in (an account id is not personal data). Never equal to a keyed ESIA hash (those are 64 hex digits).
    /// </summary>
    public static string FallbackSubject(Core.Directory.DiaryAccount account) => "diary-account:" + account.Id;

    /// <summary>R-MATCH-1 age from the diary's birth date on the region's day (<see cref="AgeBands.OfDiaryAccount"/>).</summary>
    public static int? AgeOf(Core.Directory.DiaryAccount account, Core.Regions.Region region, DateTimeOffset now) =>
        AgeBands.OfDiaryAccount(account, region.Today(now));

    /// <summary>The <c>acr</c> of a password-fallback session: not an ESIA level, so a diary can tell it apart.</summary>
    public const string Acr = "urn:identitybroker:diary-password";

    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost(ProtocolRoutes.PasswordFallback, HandleAsync).DisableAntiforgery(); // validated explicitly (ManualLinkForm) and bound to the browser

    private static async Task<IResult> HandleAsync(
        HttpContext context, IAntiforgery antiforgery, ProtectedFormState<PendingPasswordFallback> forms, ManualLinkCredentialCheck check, SignInFlow flow,
        RegionCatalog catalog, TimeProvider time, ILogger<ManualLinkCredentialCheck> logger, CancellationToken cancellationToken)
    {
        var form = await ManualLinkForm.ReadAsync(context, antiforgery, cancellationToken);
        var pending = forms.Read(form?.Pending);
        if (form is null || pending is null || !BrowserBinding.Matches(context, pending.BrowserBindingHash) ||
            catalog.FindRegion(pending.Request.RegionCode)?.Region.Policy.PasswordSignIn != PasswordSignInMode.FallbackWhenEsiaUnavailable)
        {
            Log.CredentialFormInvalid(logger, "password_fallback");
            return ManualLinkForm.Expired("входа по логину и паролю");
        }

        IResult Again(int status, string message, string kind) =>
            PasswordFallbackPage.Render(context, antiforgery, form.Pending!, pending.ReferenceNumber, pending.Return, status, form.Login.Trim(), message, kind);

        if (!form.IsComplete)
        {
            return Again(StatusCodes.Status400BadRequest, ManualLinkTexts.MissingFields, ManualLinkTexts.MissingFieldsKind);
        }

        var attempt = new CredentialAttempt(pending.Request, null, RuleIds.Region3, "password_fallback", pending.ReferenceNumber);
        var result = await check.CheckAsync(attempt, form.Login, form.Password, allowedAccountIds: null, cancellationToken);
        if (ManualLinkForm.ForFailure(context, result, time.GetUtcNow(), Again, pending.ReferenceNumber, pending.Return) is { } failed)
        {
            return failed;
        }

        var account = result.Account!;
        var region = catalog.FindRegion(pending.Request.RegionCode)!.Region;
        var now = time.GetUtcNow();
        var authentication = new EsiaAuthentication(FallbackSubject(account), now, ["pwd"], Acr) { Age = AgeOf(account, region, now) };

        // Through the same gates as an ESIA sign-in: a minor still needs parental consent (R-CONSENT-2) and the person
        // their own data consent (R-CONSENT-1, recorded against the diary account since there is no ESIA person).
        return await flow.EnterAsync(context, pending.Request, [account], account, linkMethod: null, RuleIds.Region3, authentication, cancellationToken);
    }
}
