using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.Server.Protocol.Tokens;

/// <summary>Random handles (authorization codes, browser bindings): 256 bits, base64url. Stored only as SHA-256.</summary>
internal static class OpaqueHandle
{
    public static string New() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string handle) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(handle)));
}
