using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Protocol.Responses;
using IdentityBroker.Server.Protocol.Tokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IdentityBroker.Server.Protocol.Grants;

/// <summary>
/// client_credentials (RFC 6749 §4.4): a confidential service client gets an access token for itself (sub = client_id,
/// RFC 9068 §2.2), no ID token (no user signed in, so openid and offline_access are refused) and no refresh token (§4.4.3).
/// Without a scope parameter it gets every allowed non-user scope.
/// </summary>
internal sealed class ClientCredentialsGrantHandler(TokenFactory tokens, IAuditLog audit, TimeProvider time, ILogger<ClientCredentialsGrantHandler> logger)
    : ITokenGrantHandler
{
    /// <summary>Scopes that only make sense with a signed-in user.</summary>
    private static readonly HashSet<string> UserScopes = [OpenIdConnectScope.OpenId, OpenIdConnectScope.OfflineAccess, OpenIdConnectScope.Profile];

    public string GrantType => OpenIdConnectGrantTypes.ClientCredentials;

    public async Task<IResult> HandleAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        var client = request.Client;
        if (client.IsPublic || !client.GrantTypes.Contains(GrantType))
        {
            Log.TokenRefused(logger, client.ClientId, OAuthErrors.UnauthorizedClient);
            return OAuthErrorResult.Create(OAuthErrors.UnauthorizedClient, "The client is not registered for the client_credentials grant.");
        }

        var requested = request.Form.One(OpenIdConnectParameterNames.Scope)?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        var scopes = requested ?? client.AllowedScopes.Where(s => !UserScopes.Contains(s)).Order(StringComparer.Ordinal).ToList();
        if (scopes.Count == 0 || scopes.Any(s => UserScopes.Contains(s) || !client.AllowedScopes.Contains(s)))
        {
            Log.TokenRefused(logger, client.ClientId, OAuthErrors.InvalidScope);
            return OAuthErrorResult.Create(OAuthErrors.InvalidScope, "A requested scope is not available with client_credentials for this client (openid, profile and offline_access need a user).");
        }

        var scope = string.Join(' ', scopes);
        var issued = await tokens.CreateForClientAsync(client, scope, tokens.Plan(client, request.DpopJkt), cancellationToken);
        await audit.RecordAsync(AuditRecord.TokenIssued(time.GetUtcNow(), client.RegionCode, client.ClientId, null, GrantType), cancellationToken);
        Log.TokensIssued(logger, client.ClientId, client.ClientId, GrantType);
        return TokenResponse.From(issued);
    }
}
