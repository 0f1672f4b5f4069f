using System.Collections.Concurrent;

namespace IdentityBroker.EsiaEmulator.Faults;

/// <summary>One request that reached an ESIA endpoint: which endpoint, which client, and for te a digest of the code.</summary>
/// <param name="Endpoint"><c>ac</c>, <c>te</c>, <c>prns</c> or <c>logout</c>.</param>
/// <param name="ClientId">The IS mnemonic when the request names one (query, form or access token).</param>
/// <param name="CodeDigest">te only: the first 16 hex digits of SHA-256 of the code, so tests can count sends per code.</param>
/// <param name="Collection">For <c>prns</c>: the person collection read (<c>kids</c>, <c>docs</c> …), null for the person itself.</param>
public sealed record RequestLogEntry(string Endpoint, string? ClientId, string? CodeDigest, string? Collection = null);

/// <summary>
/// The requests that reached the ESIA endpoints since start-up or the last <c>DELETE /emulator/requests</c>, in order;
/// lets tests prove what a client sent (e.g. that a timed-out token POST was not retried). Codes are kept only as digests.
/// </summary>
internal sealed class RequestLog
{
    private readonly ConcurrentQueue<RequestLogEntry> _entries = new();

    public void Add(RequestLogEntry entry)
    {
        _entries.Enqueue(entry);
        while (_entries.Count > 10_000 && _entries.TryDequeue(out _))
        {
            // bounded: oldest entries go first
        }
    }

    public IReadOnlyList<RequestLogEntry> Snapshot() => _entries.ToArray();

    public void Clear() => _entries.Clear();
}
