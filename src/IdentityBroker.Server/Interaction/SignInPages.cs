using IdentityBroker.Core.Interaction;
using IdentityBroker.Server.Interaction.Consent;
using IdentityBroker.Server.Regions;
using IdentityBroker.Server.Ui;
using Microsoft.AspNetCore.Antiforgery;

using IdentityBroker.Server.Protocol;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// The HTTP answer of a <see cref="SignInAnswer"/>: the step pages (Russian, never cached, each form with its ticket and,
/// where it takes a password or acts on consent, an antiforgery token), the refusal pages, the step's "expired" page, and
/// for a finished sign-in the session cookie and the client's authorization response.
/// </summary>
internal sealed class SignInPages(IAntiforgery antiforgery, ParentPages parentPages, AuthorizationCodeIssuer codes, RegionCatalog catalog)
{
    public async Task<IResult> RenderAsync(HttpContext context, SignInAnswer answer)
    {
        switch (answer)
        {
            case SignInAnswer.Page { Content: ChooserPage chooser } page:
                return ChooseAccountPage.Render(page.Ticket, chooser.Accounts);

            case SignInAnswer.Page { Content: CredentialsPage credentials, Step: SignInStep.ManualLink } page:
                SetRetryAfter(context, credentials);
                return ManualLinkPage.Render(context, antiforgery, page.Ticket, credentials.Refusal.ReferenceNumber, credentials.Refusal.Return,
                    credentials.Status, credentials.Login, credentials.Message, credentials.MessageKind);

            case SignInAnswer.Page { Content: CredentialsPage credentials, Step: SignInStep.PasswordFallback } page:
                SetRetryAfter(context, credentials);
                return PasswordFallbackPage.Render(context, antiforgery, page.Ticket, credentials.Refusal.ReferenceNumber, credentials.Refusal.Return,
                    credentials.Status, credentials.Login, credentials.Message, credentials.MessageKind);

            case SignInAnswer.Page { Content: ParentStepPage parent } page:
                return parentPages.ParentStep(context, parent, page.Ticket);

            case SignInAnswer.Page { Content: DataConsentPage consent } page:
                return DataConsentPages.Ask(page.Ticket, consent.Text, consent.ClientName, consent.IsNewVersion);

            case SignInAnswer.Refused { Kind: RefusalPage.DataConsentDeclined } refused:
                return DataConsentPages.Declined(refused.Refusal);

            case SignInAnswer.Refused { Kind: RefusalPage.EsiaUnavailableNoFallback } refused:
                return PasswordFallbackPage.Render(context, antiforgery, null, refused.Refusal.ReferenceNumber, refused.Refusal.Return, StatusCodes.Status403Forbidden);

            case SignInAnswer.Refused refused:
                return SignInRefusals.Page(refused.Refusal, refused.Variant);

            case SignInAnswer.Completed completed:
                await BrokerSession.WriteCookieAsync(context, completed.Session, completed.SessionExpires);
                RegionChoiceCookie.RememberAfterSignIn(context, catalog, completed.Request.ClientId, completed.Request.RegionCode); // R-REGION-2: shared clients only
                return codes.Success(completed.Request, completed.Code);

            case SignInAnswer.Expired expired:
                return Expired(expired.Step, expired.OtherBrowser);

            default:
                throw new InvalidOperationException("unknown sign-in answer");
        }
    }

    /// <summary>The "expired" page of a step's form (unknown, expired, already used, stale, or from another browser); logged by <see cref="SignInInteraction"/>.</summary>
    public static IResult Expired(SignInStep step, bool otherBrowser)
    {
        switch (step)
        {
            case SignInStep.Esia when otherBrowser:
                return SignInExpired("browser_mismatch");
            case SignInStep.Esia:
                return SignInExpired("unknown_state");
            case SignInStep.ChooseAccount:
                return ErrorPages.BadRequest(
                    "Сеанс входа устарел",
                    "Выбор учётной записи недействителен: он устарел, уже был отправлен или открыт в другом браузере.",
                    "Вернитесь на сайт электронного дневника и начните вход заново.",
                    "invalid_choice",
                    "The account choice is missing, expired, already used, stale, or bound to another browser.");
            case SignInStep.ManualLink:
                return CredentialsFormExpired("привязки профиля");
            case SignInStep.PasswordFallback:
                return CredentialsFormExpired("входа по логину и паролю");
            case SignInStep.ParentalConsent:
                return ParentPages.Expired();
            case SignInStep.DataConsent:
                return DataConsentPages.Expired("invalid_consent_state");
            default:
                throw new ArgumentOutOfRangeException(nameof(step));
        }
    }

    private static void SetRetryAfter(HttpContext context, CredentialsPage page)
    {
        if (page.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static IResult SignInExpired(string code) => ErrorPages.BadRequest(
        "Сеанс входа устарел",
        "Ссылка для завершения входа недействительна: она уже была использована, устарела или открыта в другом браузере.",
        "Вернитесь на сайт электронного дневника и начните вход заново.",
        code,
        "The ESIA round-trip state is unknown, expired, already used, or bound to another browser.");

    /// <summary>A diary login + password form that cannot be used (expired, already used, stale, other browser, no valid antiforgery token).</summary>
    private static IResult CredentialsFormExpired(string what) => ErrorPages.BadRequest(
        "Сеанс входа устарел",
        $"Страница {what} устарела или открыта в другом браузере.",
        "Вернитесь на сайт электронного дневника и начните вход заново.",
        "invalid_sign_in_form",
        "The form's sign-in ticket or antiforgery token is missing, expired, already used, stale, or from another browser.");
}
