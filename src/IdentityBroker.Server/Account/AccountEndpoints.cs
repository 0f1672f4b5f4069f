using System.Globalization;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Interaction.Consent;
using IdentityBroker.Server.Regions;
using IdentityBroker.Server.Interaction;
using IdentityBroker.Server.Ui;
using Microsoft.AspNetCore.Antiforgery;

using IdentityBroker.Server.Protocol;

namespace IdentityBroker.Server.Account;

/// <summary>
/// The person's account page at the broker (R-CONSENT-1): <c>GET /account</c> shows the consent in force (version, date,
/// client) for the person of the browser's broker session; <c>POST /account/consent/revoke</c> revokes it
/// (<see cref="DataConsentRevocation"/>), protected by an antiforgery token. Without a broker session the page explains
/// how to get there (sign in to the diary through Gosuslugi): the broker has no relying party of its own to start ESIA with.
/// </summary>
internal static class AccountEndpoints
{
    public const string Route = "/account";
    public const string RevokeRoute = "/account/consent/revoke";

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(Route, ShowAsync);
        routes.MapPost(RevokeRoute, RevokeAsync).DisableAntiforgery(); // validated explicitly with IAntiforgery (no antiforgery middleware)
    }

    private static async Task<IResult> ShowAsync(
        HttpContext context, IDataConsentStore consents, DataConsentText text, RegionCatalog catalog, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        if (await BrokerSession.ReadAsync(context) is not { } session)
        {
            return AccountPages.SignedOut();
        }

        AccountConsentSummary? summary = null;
        if (!string.IsNullOrEmpty(session.EsiaSubjectHash) &&
            await consents.FindActiveAsync(session.RegionCode, session.EsiaSubjectHash, cancellationToken) is { } consent)
        {
            var zone = catalog.FindRegion(session.RegionCode)?.Region.TimeZone ?? TimeZoneInfo.Utc;
            summary = new AccountConsentSummary(
                consent.TextVersion,
                TimeZoneInfo.ConvertTime(consent.GrantedAt, zone).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture),
                catalog.FindClient(consent.ClientId)?.DisplayName ?? consent.ClientId);
        }

        var tokens = antiforgery.GetAndStoreTokens(context);
        return AccountPages.Show(session.Subject, summary, text, tokens.FormFieldName, tokens.RequestToken!);
    }

    private static async Task<IResult> RevokeAsync(
        HttpContext context, IAntiforgery antiforgery, DataConsentRevocation revocation, ILogger<DataConsentRevocation> logger, CancellationToken cancellationToken)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            DataConsentLog.AccountPageRefused(logger, "antiforgery token missing or invalid");
            return AccountPages.FormExpired();
        }

        if (await BrokerSession.ReadAsync(context) is not { } session)
        {
            return AccountPages.SignedOut();
        }

        if (string.IsNullOrEmpty(session.EsiaSubjectHash))
        {
            DataConsentLog.AccountPageRefused(logger, "session without an ESIA subject");
            return AccountPages.FormExpired();
        }

        var result = await revocation.RevokeAsync(session.RegionCode, session.EsiaSubjectHash, session.Subject, cancellationToken);
        await BrokerSession.DeleteCookieAsync(context);
        return AccountPages.Revoked(result);
    }
}
