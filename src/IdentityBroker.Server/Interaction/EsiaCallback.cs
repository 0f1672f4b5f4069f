namespace IdentityBroker.Server.Interaction;

/// <summary>What ESIA sent back to <c>/signin-esia</c>.</summary>
internal sealed record EsiaCallback(string? State, string? Code, string? Error, string? ErrorDescription);
