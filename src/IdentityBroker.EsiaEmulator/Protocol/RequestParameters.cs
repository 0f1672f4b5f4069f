using Microsoft.Extensions.Primitives;

namespace IdentityBroker.EsiaEmulator.Protocol;

/// <summary>Query or form parameters with ESIA's rules: empty counts as missing, a repeated parameter is an error.</summary>
internal sealed class RequestParameters(IEnumerable<KeyValuePair<string, StringValues>> source)
{
    private readonly Dictionary<string, StringValues> _values = source.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    public string? this[string name] =>
        _values.TryGetValue(name, out var v) && v.Count == 1 && !string.IsNullOrEmpty(v[0]) ? v[0] : null;

    public bool IsDuplicated(string name) => _values.TryGetValue(name, out var v) && v.Count > 1;

    /// <summary>The first of <paramref name="names"/> that is missing, or null.</summary>
    public string? FirstMissing(params string[] names) => names.FirstOrDefault(n => this[n] is null);

    /// <summary>The first parameter sent more than once, or null.</summary>
    public string? FirstDuplicated() => _values.FirstOrDefault(p => p.Value.Count > 1).Key;
}
