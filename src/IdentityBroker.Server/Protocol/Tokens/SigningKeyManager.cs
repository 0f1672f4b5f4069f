using System.Security.Cryptography;
using System.Text.Json;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.Server.Protocol.Tokens;

/// <summary>
/// Token-signing keys, shared by every replica through PostgreSQL. Creates the first key under an advisory lock,
/// re-reads the key set every <see cref="RefreshInterval"/> so keys added by another replica are published and used.
/// Signs with the newest key whose activation time has come; publishes every key until it expires.
/// </summary>
internal sealed class SigningKeyManager(ISigningKeyStore store, IOptions<BrokerOptions> options, TimeProvider time, ILogger<SigningKeyManager> logger)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan SigningPeriod = TimeSpan.FromDays(90);

    private readonly SigningKeyProtector _protector = new(Convert.FromBase64String(options.Value.SigningKeyEncryptionKey));
    private readonly SemaphoreSlim _lock = new(1, 1);
    private KeySet? _current;

    /// <summary>Creates a key when none is usable (first start), then loads the set.</summary>
    public async Task EnsureKeysAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var candidate = CreateRsaKey(now);
        if (await store.AddIfNoneUsableAsync(candidate, now, cancellationToken))
        {
            Log.SigningKeyCreated(logger, candidate.KeyId, candidate.Algorithm);
        }

        await LoadAsync(cancellationToken);
    }

    public async Task<SigningCredentials> GetSigningCredentialsAsync(CancellationToken cancellationToken)
    {
        var set = await GetKeySetAsync(cancellationToken);
        var now = time.GetUtcNow();
        var active = set.Keys.Where(k => k.Record.ActivatesAt <= now && now < k.Record.RetiresAt).MaxBy(k => k.Record.ActivatesAt)
                     ?? throw new InvalidOperationException("No usable token-signing key. Check that the broker can write to the signing_keys table.");
        return new SigningCredentials(active.Key, active.Record.Algorithm);
    }

    public async Task<IReadOnlyList<SecurityKey>> GetValidationKeysAsync(CancellationToken cancellationToken) =>
        (await GetKeySetAsync(cancellationToken)).Keys.Select(k => (SecurityKey)k.Key).ToList();

    /// <summary>The JWKS document (public parts only).</summary>
    public async Task<string> GetJwksJsonAsync(CancellationToken cancellationToken)
    {
        var set = await GetKeySetAsync(cancellationToken);
        var keys = set.Keys.Select(k => JsonSerializer.Deserialize<JsonElement>(k.Record.PublicJwk)).ToList();
        return JsonSerializer.Serialize(new { keys });
    }

    private async Task<KeySet> GetKeySetAsync(CancellationToken cancellationToken)
    {
        var set = _current;
        if (set is not null && time.GetUtcNow() - set.LoadedAt < RefreshInterval)
        {
            return set;
        }

        return await LoadAsync(cancellationToken);
    }

    private async Task<KeySet> LoadAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var records = await store.GetCurrentAsync(now, cancellationToken);
            var keys = records.Select(r => new LoadedKey(r, Materialize(r))).ToList();
            _current = new KeySet(now, keys);
            return _current;
        }
        finally
        {
            _lock.Release();
        }
    }

    private RsaSecurityKey Materialize(SigningKeyRecord record)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(_protector.Unprotect(record.KeyId, record.ProtectedPrivateKey), out _);
        return new RsaSecurityKey(rsa) { KeyId = record.KeyId };
    }

    private SigningKeyRecord CreateRsaKey(DateTimeOffset now)
    {
        using var rsa = RSA.Create(2048);
        var parameters = rsa.ExportParameters(false);
        var jwk = new JsonWebKey
        {
            Kty = "RSA",
            N = Base64UrlEncoder.Encode(parameters.Modulus),
            E = Base64UrlEncoder.Encode(parameters.Exponent),
        };
        var kid = Base64UrlEncoder.Encode(jwk.ComputeJwkThumbprint()); // RFC 7638
        var publicJwk = JsonSerializer.Serialize(new { kty = "RSA", use = "sig", alg = SecurityAlgorithms.RsaSha256, kid, n = jwk.N, e = jwk.E });
        var retires = now + SigningPeriod;
        // Published until every token it signed has expired (the longest-lived signed token is the ID or access token).
        var o = options.Value;
        var expires = retires + (o.AccessTokenLifetime > o.IdTokenLifetime ? o.AccessTokenLifetime : o.IdTokenLifetime) + TimeSpan.FromHours(1);
        return new SigningKeyRecord(kid, SecurityAlgorithms.RsaSha256, publicJwk, _protector.Protect(kid, rsa.ExportPkcs8PrivateKey()), now, now, retires, expires);
    }

    private sealed record LoadedKey(SigningKeyRecord Record, RsaSecurityKey Key);

    private sealed record KeySet(DateTimeOffset LoadedAt, IReadOnlyList<LoadedKey> Keys);
}
