namespace IdentityBroker.EsiaEmulator.Configuration;

/// <summary>
/// Injected faults. Endpoint names: <c>ac</c>, <c>te</c>, <c>prns</c>, <c>logout</c>.
/// Used both as a configuration section (<c>Emulator:Faults</c>) and as the JSON body of <c>POST /emulator/faults</c>.
/// </summary>
public sealed class FaultOptions
{
    /// <summary>Added latency in milliseconds per endpoint, e.g. <c>{"te": 2000}</c>.</summary>
    public Dictionary<string, int> LatencyMs { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Endpoints that never answer (the request hangs until the client gives up).</summary>
    public List<string> Timeout { get; set; } = [];

    /// <summary>Endpoints that answer HTTP 500.</summary>
    public List<string> ServerError { get; set; } = [];

    /// <summary>The token endpoint answers <c>temporarily_unavailable</c> / ESIA-007008.</summary>
    public bool TemporarilyUnavailable { get; set; }

    /// <summary>Issued tokens carry a corrupted signature.</summary>
    public bool BadTokenSignature { get; set; }

    /// <summary>Tokens are signed with a second key whose certificate the broker does not trust.</summary>
    public bool RotatedCertificate { get; set; }

    /// <summary>
    /// An ESIA code (e.g. <c>ESIA-007055</c>) with which <c>ac</c> answers a valid request: the redirect back carries
    /// <c>error</c>/<c>error_description</c> for that code (ESIA.md §2.4, §8) instead of starting the login.
    /// </summary>
    public string? CallbackError { get; set; }

    /// <summary>
    /// Person collections ESIA refuses with HTTP 403 even when the token's scopes allow them, by path name or embed name
    /// (<c>kids</c>, <c>docs</c>/<c>documents</c>, <c>ctts</c>/<c>contacts</c>, <c>addrs</c>/<c>addresses</c>): the collection
    /// itself and a person read that embeds it.
    /// </summary>
    public List<string> ForbiddenCollections { get; set; } = [];

    /// <summary>Scopes left out of issued tokens, as when the person does not grant them on the access page.</summary>
    public List<string> WithheldScopes { get; set; } = [];

    /// <summary>
    /// Client ids (IS mnemonics) the faults apply to; empty means every client. Lets one region's ESIA fail while another
    /// region registered at the same emulator keeps working.
    /// </summary>
    public List<string> Clients { get; set; } = [];

    /// <summary>Whether the faults apply to a request of <paramref name="clientId"/> (unknown client: only when unscoped).</summary>
    public bool AppliesTo(string? clientId) =>
        Clients.Count == 0 || (clientId is not null && Clients.Contains(clientId, StringComparer.Ordinal));
}
