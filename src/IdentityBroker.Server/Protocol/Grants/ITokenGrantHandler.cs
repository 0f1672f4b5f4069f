namespace IdentityBroker.Server.Protocol.Grants;

/// <summary>One grant type of the token endpoint (RFC 6749 §4). Registered in DI; <see cref="Endpoints.TokenEndpoint"/> dispatches on <see cref="GrantType"/>.</summary>
internal interface ITokenGrantHandler
{
    string GrantType { get; }

    Task<IResult> HandleAsync(TokenRequest request, CancellationToken cancellationToken);
}
