namespace IdentityBroker.Esia.Signing;

/// <summary>base64url without padding (RFC 4648 §5), the encoding ESIA.md §2.2 prescribes for <c>client_secret</c>.</summary>
internal static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Decodes base64url or standard base64, with or without padding.</summary>
    public static byte[] Decode(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        s = (s.Length % 4) switch
        {
            2 => s + "==",
            3 => s + "=",
            _ => s,
        };
        return Convert.FromBase64String(s);
    }
}
