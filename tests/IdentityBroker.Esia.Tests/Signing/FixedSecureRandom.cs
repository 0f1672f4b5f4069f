using Org.BouncyCastle.Security;

namespace IdentityBroker.Esia.Tests.Signing;

/// <summary>Returns the given bytes (right-aligned) as "random" output, to inject a known k into GOST signing.</summary>
internal sealed class FixedSecureRandom(byte[] value) : SecureRandom
{
    public override void NextBytes(byte[] buf) => NextBytes(buf, 0, buf.Length);

    public override void NextBytes(byte[] buf, int off, int len)
    {
        Array.Clear(buf, off, len);
        var n = Math.Min(len, value.Length);
        Array.Copy(value, value.Length - n, buf, off + len - n, n);
    }
}
