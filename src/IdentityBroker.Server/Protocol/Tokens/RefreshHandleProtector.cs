using System.Security.Cryptography;
using System.Text;
using IdentityBroker.Server.Configuration;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Protocol.Tokens;

/// <summary>
/// Encrypts a refresh token's successor handle for the grace window (RFC 9700 §4.14.2: a lost response may be retried
/// and gets the SAME successor). AES-256-GCM under a key derived with HKDF-SHA256 (RFC 5869) from
/// <c>IdentityBroker:SigningKeyEncryptionKey</c>, so every replica can decrypt; the associated data is the hash of the
/// presented token, so a ciphertext only opens for the token it was stored with. Layout: version (1) ‖ nonce (12) ‖
/// tag (16) ‖ ciphertext. A changed key makes grace replays fail closed (invalid_grant), nothing worse.
/// </summary>
internal sealed class RefreshHandleProtector
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] Info = Encoding.ASCII.GetBytes("IdentityBroker refresh-token successor v1");

    private readonly byte[] _key;

    public RefreshHandleProtector(IOptions<BrokerOptions> options)
    {
        var master = Convert.FromBase64String(options.Value.SigningKeyEncryptionKey.Trim());
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, salt: [], info: Info);
    }

    public byte[] Protect(string successorHandle, string presentedTokenHash)
    {
        var plaintext = Encoding.UTF8.GetBytes(successorHandle);
        var output = new byte[1 + NonceSize + TagSize + plaintext.Length];
        output[0] = Version;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(1 + NonceSize + TagSize), output.AsSpan(1 + NonceSize, TagSize), Encoding.ASCII.GetBytes(presentedTokenHash));
        return output;
    }

    /// <summary>The successor handle, or null if the data is malformed, for another token, or under another key.</summary>
    public string? Unprotect(byte[]? data, string presentedTokenHash)
    {
        if (data is null || data.Length <= 1 + NonceSize + TagSize || data[0] != Version)
        {
            return null;
        }

        var plaintext = new byte[data.Length - 1 - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(data.AsSpan(1, NonceSize), data.AsSpan(1 + NonceSize + TagSize), data.AsSpan(1 + NonceSize, TagSize), plaintext, Encoding.ASCII.GetBytes(presentedTokenHash));
            return Encoding.UTF8.GetString(plaintext);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}
