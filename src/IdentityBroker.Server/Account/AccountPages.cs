using IdentityBroker.Server.Interaction.Consent;
using IdentityBroker.Server.Ui;
using Microsoft.AspNetCore.Http.HttpResults;

using IdentityBroker.Server.Protocol;

namespace IdentityBroker.Server.Account;

/// <summary>The account pages (Russian, never cached).</summary>
internal static class AccountPages
{
    public static IResult Show(string accountId, AccountConsentSummary? consent, DataConsentText text, string antiforgeryFieldName, string antiforgeryToken) =>
        new NoStoreResult(new RazorComponentResult<AccountView>(new Dictionary<string, object?>
        {
            [nameof(AccountView.AccountId)] = accountId,
            [nameof(AccountView.Consent)] = consent,
            [nameof(AccountView.Text)] = text,
            [nameof(AccountView.RevokeAction)] = AccountEndpoints.RevokeRoute,
            [nameof(AccountView.AntiforgeryFieldName)] = antiforgeryFieldName,
            [nameof(AccountView.AntiforgeryToken)] = antiforgeryToken,
        }));

    public static IResult SignedOut() => new NoStoreResult(new RazorComponentResult<AccountSignedOut>());

    public static IResult Revoked(DataConsentRevocationResult result) =>
        new NoStoreResult(new RazorComponentResult<AccountConsentRevoked>(new Dictionary<string, object?>
        {
            [nameof(AccountConsentRevoked.SessionsEnded)] = result.SessionsEnded,
        }));

    public static IResult FormExpired() => ErrorPages.BadRequest(
        "Страница устарела",
        "Форма отзыва согласия недействительна: страница устарела или открыта не из этого браузера. Согласие не отозвано.",
        "Откройте страницу «Управление согласием» заново и повторите.",
        "account_form_invalid",
        "The antiforgery token of the account form is missing, invalid or of another session.");
}
