namespace IdentityBroker.Core.Directory;

/// <summary>
/// A diary account's login credentials as imported from the diary (R-MATCH-6). The hash is verified by
/// <c>DiaryPasswordHash</c>; the broker never sees or stores a clear-text diary password.
/// </summary>
public sealed record DiaryCredentials(string AccountId, string Login, string? PasswordHash)
{
    public override string ToString() => $"DiaryCredentials({AccountId})";
}
