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
    /// <summary>Stores a code for the session and answers the client with it (single sign-on at <c>/connect/authorize</c>).</summary>
    public async Task<IResult> IssueAsync(AuthorizationRequest request, SessionInfo session, CancellationToken cancellationToken) =>
        Success(request, await StoreCodeAsync(request, session, cancellationToken));

    /// <summary>
    /// Records the client in the session and stores a code for it; returns the code, to be sent with <see cref="Success"/>
    /// once the caller's transaction has committed (the sign-in's finish stores it in the commit of its session).
    /// </summary>
    public async Task<string> StoreCodeAsync(AuthorizationRequest request, SessionInfo session, CancellationToken cancellationToken)
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
        return code;
    }

    /// <summary>The successful authorization response carrying <paramref name="code"/>, in the client's response mode.</summary>
    public IResult Success(AuthorizationRequest request, string code) =>
        AuthorizeResponse.Success(request.RedirectUri, request.ResponseMode, code, request.State, options.Value.Issuer);

    public IResult Error(AuthorizationRequest request, string error, string description) =>
        AuthorizeResponse.Error(request.RedirectUri, request.ResponseMode, error, description, request.State, options.Value.Issuer);
}
