using IdentityBroker.Esia;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Protocol;
using IdentityBroker.Server.Protocol.Responses;
using IdentityBroker.Server.Regions;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Logout;

/// <summary>
/// The last step of every logout: delete the session cookie; when a session was ended, send the browser through ESIA's
/// logout (ESIA.md §5: <c>/idp/ext/Logout?client_id=…&amp;redirect_url=…</c>; the MR requires it at session end) back to
/// <c>/signout/done</c>, which is under the broker's registered domain; finally the validated post_logout_redirect_uri
/// with state (RP-Initiated Logout 1.0 §3), or the "signed out" page.
/// </summary>
internal sealed class LogoutCompletion(IEsiaClient esia, RegionCatalog catalog, LogoutReturnProtector protector, IOptions<BrokerOptions> options)
{
    /// <param name="endedRegionCode">The region of the session ended by this request, or null when none was.</param>
    /// <param name="returnUrl">The validated redirect back to the client, or null.</param>
    public async Task<IResult> FinishAsync(HttpContext context, string? endedRegionCode, string? returnUrl)
    {
        await BrokerSession.DeleteCookieAsync(context);
        var o = options.Value;
        if (endedRegionCode is not null && o.Logout.UpstreamEsiaLogoutFor(endedRegionCode) && catalog.FindRegion(endedRegionCode) is { } region)
        {
            var done = o.Issuer.TrimEnd('/') + ProtocolRoutes.SignOutDone + (returnUrl is null ? string.Empty : "?r=" + protector.ProtectReturn(returnUrl));
            return new NoStoreRedirect(esia.BuildLogoutUrl(region.Esia, done).AbsoluteUri);
        }

        return returnUrl is not null ? new NoStoreRedirect(returnUrl) : LogoutPages.SignedOut();
    }
}
