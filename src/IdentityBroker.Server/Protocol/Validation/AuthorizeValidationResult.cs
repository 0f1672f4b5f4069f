using IdentityBroker.Core.Protocol;

namespace IdentityBroker.Server.Protocol.Validation;

/// <summary>The outcome of validating an authorization request.</summary>
internal abstract record AuthorizeValidationResult;

/// <summary>The client or redirect URI cannot be trusted: show an error page, never redirect (RFC 6749 §4.1.2.1).</summary>
internal sealed record AuthorizeFatalError(string Error, string Description) : AuthorizeValidationResult;

/// <summary>An error the client can be told about at its (validated) redirect URI.</summary>
internal sealed record AuthorizeRedirectError(string RedirectUri, string ResponseMode, string? State, string ClientId, string Error, string Description) : AuthorizeValidationResult;

internal sealed record AuthorizeValid(AuthorizationRequest Request) : AuthorizeValidationResult;
