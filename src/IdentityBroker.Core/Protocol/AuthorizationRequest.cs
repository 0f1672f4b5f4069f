namespace IdentityBroker.Core.Protocol;

/// <summary>
/// A validated OpenID Connect authorization request, kept server-side while the user is away at ESIA
/// (<see cref="Interaction.SignInTransaction"/>) so that nothing the client sent has to survive in the browser.
/// </summary>
public sealed record AuthorizationRequest(
    string ClientId,
    string RedirectUri,
    string Scope,
    string? State,
    string? Nonce,
    string? CodeChallenge,
    string? CodeChallengeMethod,
    string ResponseMode,
    string? Prompt,
    int? MaxAge,
    string? LoginHint,
    string? UiLocales,
    string RegionCode,
    string? DpopJkt = null);
