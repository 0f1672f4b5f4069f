namespace IdentityBroker.EsiaEmulator.Protocol;

/// <summary>A validated <c>/aas/oauth2/v2/ac</c> request.</summary>
internal sealed record AuthorizationRequest(
    string ClientId,
    string RedirectUri,
    string Scope,
    IReadOnlyList<string> Scopes,
    string State,
    bool Offline);
