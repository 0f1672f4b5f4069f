using System.Security.Cryptography;
using System.Text;

namespace IdentityBroker.Server.Protocol.Tokens;

/// <summary>
/// Encrypts private signing keys before they reach PostgreSQL: AES-256-GCM under the configured key-encryption key,
/// with the key id as associated data (a ciphertext cannot be moved to another key's row). Layout: nonce(12) ‖ tag(16) ‖ ciphertext.
/// </summary>
internal sealed class SigningKeyProtector(byte[] keyEncryptionKey)
{
    public byte[] Protect(string keyId, byte[] plaintext)
    {
        var output = new byte[12 + 16 + plaintext.Length];
        var nonce = output.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keyEncryptionKey, 16);
        aes.Encrypt(nonce, plaintext, output.AsSpan(28), output.AsSpan(12, 16), Encoding.UTF8.GetBytes(keyId));
        return output;
    }

    /// <exception cref="CryptographicException">Wrong key-encryption key, or the row was tampered with.</exception>
    public byte[] Unprotect(string keyId, byte[] protectedBytes)
    {
        if (protectedBytes.Length < 28)
        {
            throw new CryptographicException("Protected signing key is truncated.");
        }

        var plaintext = new byte[protectedBytes.Length - 28];
        using var aes = new AesGcm(keyEncryptionKey, 16);
        aes.Decrypt(protectedBytes.AsSpan(0, 12), protectedBytes.AsSpan(28), protectedBytes.AsSpan(12, 16), plaintext, Encoding.UTF8.GetBytes(keyId));
        return plaintext;
    }
}
