using IdentityBroker.Server.Interaction.Consent;
using IdentityBroker.Server.Ui;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IdentityBroker.Server.Interaction;

/// <summary>R-CONSENT-1: the consent page and its answers (Russian, never cached).</summary>
internal static class DataConsentPages
{
    public static IResult Ask(string protectedState, DataConsentText text, string clientName, bool isNewVersion) =>
        new NoStoreResult(new RazorComponentResult<DataConsentView>(new Dictionary<string, object?>
        {
            [nameof(DataConsentView.State)] = protectedState,
            [nameof(DataConsentView.Text)] = text,
            [nameof(DataConsentView.ClientName)] = clientName,
            [nameof(DataConsentView.IsNewVersion)] = isNewVersion,
        }));

    /// <summary>The person declined: sign-in is impossible; "return to the diary" hands the client access_denied.</summary>
    public static IResult Declined(SignInRefusal refusal) => ErrorPages.Refusal(
        refusal.ReasonCode,
        new ReasonText(
            "Вход без согласия невозможен",
            "Вы не дали согласие на обработку персональных данных. Без него мы не можем передать электронному дневнику сведения о вас, поэтому войти в электронный дневник через Госуслуги нельзя.",
            "Если вы передумаете, начните вход заново и нажмите «Даю согласие». Если у вас есть вопросы о том, какие данные обрабатываются, обратитесь в школу."),
        refusal.ReferenceNumber,
        refusal.Return);

    public static IResult Expired(string code) => ErrorPages.BadRequest(
        "Страница согласия устарела",
        "Ответ на запрос согласия недействителен: страница устарела, уже была отправлена или открыта в другом браузере. Ваше решение не сохранено.",
        "Вернитесь на сайт электронного дневника и начните вход заново.",
        code,
        "The data consent state is missing, expired, already used, tampered with, or bound to another browser.");
}
