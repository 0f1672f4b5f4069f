using IdentityBroker.Core.SignIn.Rules;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Protocol.Responses;
using IdentityBroker.Server.Protocol.Tokens;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IdentityBroker.Server.Protocol.Grants;

/// <summary>
/// refresh_token (RFC 6749 §6, OIDC Core §12). Rotation on every use (RFC 9700 §4.14.2): a retry inside
/// <c>IdentityBroker:RefreshTokenReuseGrace</c> gets the SAME successor; so does a retry inside the longer
/// <c>IdentityBroker:RefreshTokenRetryWindow</c> while that successor is still unused (a response lost in a database or
/// network failure must not log the user out; the reasoning is on RefreshTokenStore.UseAsync and in docs/revocation.md);
/// any other reuse revokes the whole family. A database failure itself is a 503 (Hosting/ErrorHandling.cs), retryable. The
/// token is bound to its client (conformance oidcc-refresh-token: another client gets invalid_grant) and, if bound, to
/// its DPoP key (RFC 9449 §5). The scope may be narrowed, never widened.
/// </summary>
internal sealed class RefreshTokenGrantHandler(
    IRefreshTokenStore store, RefreshTokenIssuer issuer, IDiaryDirectory directory, TokenFactory tokens, IAuditLog audit,
    IOptions<BrokerOptions> options, TimeProvider time, ILogger<RefreshTokenGrantHandler> logger)
    : ITokenGrantHandler
{
    private const string Invalid = "The refresh token is invalid, expired, revoked or was issued to another client.";

    public string GrantType => RefreshTokenIssuer.GrantType;

    public async Task<IResult> HandleAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        var client = request.Client;
        if (!client.GrantTypes.Contains(GrantType))
        {
            return Refuse(client.ClientId, OAuthErrors.UnauthorizedClient, "The client is not registered for the refresh_token grant.");
        }

        if (request.Form.One(OpenIdConnectParameterNames.RefreshToken) is not { } presented)
        {
            return OAuthErrorResult.Create(OAuthErrors.InvalidRequest, "refresh_token is missing.");
        }

        var now = time.GetUtcNow();
        var hash = OpaqueHandle.Hash(presented);
        if (await TryRotateAsync(request, hash, now, cancellationToken) is { } issued)
        {
            return issued;
        }

        // the general path: every refusal, grace and retry replays, reuse detection (nothing was written above)
        // checks that must not spend the token: another client's or another key's token stays usable by its owner
        var current = await store.FindAsync(hash, now, cancellationToken);
        if (current is not null)
        {
            if (Binding(current, request) is { } problem)
            {
                return Refuse(client.ClientId, OAuthErrors.InvalidGrant, problem);
            }

            if (NarrowScope(current, request) is null)
            {
                return Refuse(client.ClientId, OAuthErrors.InvalidScope, "scope must be a subset of the scope of the refresh token (RFC 6749 §6).");
            }
        }

        // a used, revoked or unknown token cannot rotate: the placeholder is never stored (its expiry is already past)
        var successor = current is null ? Placeholder(client.ClientId, now) : issuer.Successor(current, client, request.DpopJkt, now);
        var result = await store.UseAsync(hash, now, options.Value.RefreshTokenReuseGrace, options.Value.RefreshTokenRetryWindow, successor.Record, successor.Protected, cancellationToken);
        switch (result)
        {
            case { Status: RefreshUseStatus.Rotated, Token: { } token } when current is not null:
                return await IssueAsync(request, token, successor.Handle, now, cancellationToken);

            // a lost response retried: the same successor, for the same client and DPoP key only (issue #10 item 2)
            case { Status: RefreshUseStatus.GraceReplay or RefreshUseStatus.RetryReplay, Token: { } token, Successor: { } stored }:
                if ((Binding(token, request) ?? Binding(stored, request)) is { } problem)
                {
                    return Refuse(client.ClientId, OAuthErrors.InvalidGrant, problem);
                }

                if (issuer.RecoverSuccessor(result, hash) is not { } handle)
                {
                    TokenLog.RefreshSuccessorUnreadable(logger, client.ClientId);
                    return Refuse(client.ClientId, OAuthErrors.InvalidGrant, Invalid);
                }

                TokenLog.RefreshGraceReplay(logger, client.ClientId, result.Status == RefreshUseStatus.RetryReplay ? "retry window" : "grace window");
                return await IssueAsync(request, token, handle, now, cancellationToken);

            case { Status: RefreshUseStatus.ReuseDetected, Token: { } token }:
                await ReuseDetectedAsync(token, client.ClientId, now, cancellationToken);
                return Refuse(client.ClientId, OAuthErrors.InvalidGrant, Invalid);

            default:
                return Refuse(client.ClientId, OAuthErrors.InvalidGrant, Invalid);
        }
    }

    /// <summary>
    /// The happy path in one statement and one commit (issue #11): spend the token if it is usable, this client's, this
    /// key's, covers the scope asked for and its account is usable; the successor, the audit record and the account come
    /// back from the same statement. Null when nothing was spent.
    /// </summary>
    private async Task<IResult?> TryRotateAsync(TokenRequest request, string hash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!TryRequestedScopes(request, out var requested))
        {
            return null; // an empty scope parameter: the general path answers invalid_scope
        }

        var client = request.Client;
        var successor = issuer.PrepareSuccessor(hash);
        var rotation = new RefreshRotation(
            hash, now, client.ClientId, request.DpopJkt, client.IsPublic ? request.DpopJkt : null, requested, successor.Hash, successor.Protected, GrantType);
        if (await store.TryRotateAsync(rotation, cancellationToken) is not { } rotated)
        {
            return null;
        }

        var scope = requested is null ? rotated.Token.Scope : string.Join(' ', requested);
        var plan = tokens.Plan(client, request.DpopJkt);
        var issued = await tokens.CreateAsync(UserTokenContext.From(rotated.Token, scope), rotated.Account, plan, cancellationToken) with { RefreshToken = successor.Handle };
        Log.TokensIssued(logger, client.ClientId, rotated.Token.Subject, GrantType);
        return TokenResponse.From(issued);
    }

    /// <summary>The scope asked for (distinct, in order), null when none; false when the parameter is there but names nothing.</summary>
    private static bool TryRequestedScopes(TokenRequest request, out IReadOnlyList<string>? requested)
    {
        requested = null;
        if (!request.Form.TryGetValue(OpenIdConnectParameterNames.Scope, out var values) || values.All(string.IsNullOrEmpty))
        {
            return true;
        }

        var list = request.Form.One(OpenIdConnectParameterNames.Scope)?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        requested = list;
        return list is { Count: > 0 };
    }

    private async Task<IResult> IssueAsync(TokenRequest request, RefreshTokenRecord token, string successorHandle, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (NarrowScope(token, request) is not { } scope)
        {
            return Refuse(request.Client.ClientId, OAuthErrors.InvalidScope, "scope must be a subset of the scope of the refresh token (RFC 6749 §6).");
        }

        // R-MATCH-8: an account the sign-in would refuse (deactivated, no school left) gets no tokens either
        if (await directory.GetAsync(token.RegionCode, token.Subject, cancellationToken) is not { } account || !AccountStatusRule.IsUsable(account))
        {
            return Refuse(request.Client.ClientId, OAuthErrors.InvalidGrant, "The diary account no longer exists or can no longer be signed into.");
        }

        var plan = tokens.Plan(request.Client, request.DpopJkt);
        var issued = await tokens.CreateAsync(UserTokenContext.From(token, scope), account, plan, cancellationToken) with { RefreshToken = successorHandle };
        await audit.RecordAsync(AuditRecord.TokenIssued(now, token.RegionCode, token.ClientId, token.Subject, GrantType), cancellationToken);
        Log.TokensIssued(logger, token.ClientId, token.Subject, GrantType);
        return TokenResponse.From(issued);
    }

    /// <summary>RFC 9700 §4.14.2: the store has revoked the family; record it (never the token).</summary>
    private async Task ReuseDetectedAsync(RefreshTokenRecord token, string presentingClient, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(AuditRecord.RefreshTokenReused(now, token.RegionCode, presentingClient, token.Subject, "issued to " + token.ClientId), cancellationToken);
        TokenLog.RefreshReuseDetected(logger, presentingClient, token.Subject);
        Telemetry.BrokerMetrics.RefreshTokenReuse(token.RegionCode);
    }

    /// <summary>Client binding (RFC 6749 §6, conformance oidcc-refresh-token) and DPoP key binding (RFC 9449 §5).</summary>
    private static string? Binding(RefreshTokenRecord token, TokenRequest request)
    {
        if (token.ClientId != request.Client.ClientId)
        {
            return Invalid;
        }

        return token.DpopJkt is not null && !string.Equals(token.DpopJkt, request.DpopJkt, StringComparison.Ordinal)
            ? "The refresh token is bound to a DPoP key; send a DPoP proof made with that key."
            : null;
    }

    /// <summary>The requested scope if it is a subset of the token's (RFC 6749 §6), the token's scope if none was requested, else null.</summary>
    private static string? NarrowScope(RefreshTokenRecord token, TokenRequest request)
    {
        var granted = token.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        if (!request.Form.TryGetValue(OpenIdConnectParameterNames.Scope, out var values) || values.All(string.IsNullOrEmpty))
        {
            return token.Scope;
        }

        var requested = request.Form.One(OpenIdConnectParameterNames.Scope)?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        return requested is { Count: > 0 } && requested.All(granted.Contains) ? string.Join(' ', requested) : null;
    }

    private static RefreshSuccessor Placeholder(string clientId, DateTimeOffset now)
    {
        var handle = OpaqueHandle.New();
        return new RefreshSuccessor(handle, new RefreshTokenRecord(OpaqueHandle.Hash(handle), OpaqueHandle.New(), clientId, string.Empty, string.Empty, string.Empty, string.Empty, now, null, [], null, now, now), [0]);
    }

    private IResult Refuse(string clientId, string error, string description)
    {
        TokenLog.RefreshRefused(logger, clientId, error);
        return OAuthErrorResult.Create(error, description);
    }
}
