namespace IdentityBroker.Server.Ui;

/// <summary>
/// "Вернуться в электронный дневник" on a refusal page: the authorization error response to the client in the client's own
/// response mode. Query mode is a link (<see cref="Url"/> carries the parameters); form_post is a form posted to the
/// redirect URI with <see cref="PostFields"/> (OAuth 2.0 Form Post Response Mode), so a form_post client also learns
/// <c>access_denied</c> with its state. Built by <c>AuthorizeResponse.ErrorReturn</c>; serialisable (it travels in the
/// protected state of the pages that re-show a refusal with a form).
/// </summary>
/// <param name="Url">Query mode: the redirect URI with the error parameters; form_post: the redirect URI.</param>
/// <param name="PostFields">Form_post only: the error parameters; null in query mode.</param>
public sealed record ClientReturn(string Url, IReadOnlyList<ClientReturnField>? PostFields);

/// <summary>One parameter of a form_post <see cref="ClientReturn"/>.</summary>
public sealed record ClientReturnField(string Name, string Value);
