namespace IdentityBroker.Server.Protocol;

/// <summary>
/// The broker session an authorization code is issued from (single sign-on or a finished sign-in): what the protocol engine
/// needs of it. The interaction layer creates and reads sessions (<see cref="IAuthorizeInteraction"/>); the engine only uses them.
/// </summary>
/// <param name="Subject">The diary account id.</param>
internal sealed record SessionInfo(string Subject, string RegionCode, string SessionId, DateTimeOffset AuthTime, IReadOnlyList<string> Amr, string? Acr)
{
    /// <summary>Keyed hash of the ESIA oid the session was authenticated with (never the oid itself).</summary>
    public string EsiaSubjectHash { get; init; } = string.Empty;
}
