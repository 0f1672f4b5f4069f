using IdentityBroker.Core.Protocol;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Protocol.Responses;
using IdentityBroker.Server.Protocol.Tokens;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Protocol;

/// <summary>
/// Completes an authorization request for a signed-in session: records the client in the session (so that logout reaches
/// it over the back channel, OIDC Back-Channel Logout 1.0 §2.7), stores a short-lived code and answers the client.
/// </summary>
internal sealed class AuthorizationCodeIssuer(IAuthorizationCodeStore codes, ISessionStore sessions, IOptions<BrokerOptions> options, TimeProvider time)
{
    public async Task<IResult> IssueAsync(AuthorizationRequest request, SessionInfo session, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await sessions.AddClientAsync(session.SessionId, request.ClientId, cancellationToken);
        var code = OpaqueHandle.New();
        await codes.StoreAsync(
            new AuthorizationCodeGrant(
                OpaqueHandle.Hash(code), request.ClientId, request.RedirectUri, session.Subject, request.RegionCode, request.Scope,
                request.Nonce, request.CodeChallenge, request.CodeChallengeMethod, session.SessionId, session.AuthTime, session.Acr,
                session.Amr, now, now + options.Value.AuthorizationCodeLifetime, request.DpopJkt),
            cancellationToken);
        return AuthorizeResponse.Success(request.RedirectUri, request.ResponseMode, code, request.State, options.Value.Issuer);
    }

    public IResult Error(AuthorizationRequest request, string error, string description) =>
        AuthorizeResponse.Error(request.RedirectUri, request.ResponseMode, error, description, request.State, options.Value.Issuer);
}
