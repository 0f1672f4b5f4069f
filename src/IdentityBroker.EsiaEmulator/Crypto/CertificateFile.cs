using System.Text;

namespace IdentityBroker.EsiaEmulator.Crypto;

/// <summary>Reads a certificate file that is either PEM (<c>-----BEGIN CERTIFICATE-----</c>) or raw DER.</summary>
internal static class CertificateFile
{
    public static byte[] ReadDer(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var text = Encoding.ASCII.GetString(bytes);
        const string Begin = "-----BEGIN CERTIFICATE-----";
        const string End = "-----END CERTIFICATE-----";
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        if (start < 0)
        {
            return bytes;
        }

        var end = text.IndexOf(End, start, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new FormatException($"PEM file '{path}' has no '{End}' line.");
        }

        var body = text[(start + Begin.Length)..end];
        return Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c))));
    }
}
