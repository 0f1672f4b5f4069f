using Org.BouncyCastle.Asn1;

namespace IdentityBroker.Esia.Signing;

/// <summary>
/// Object identifiers of GOST R 34.10-2012 / 34.11-2012 (TC 26, RFC 9215). BouncyCastle 1.8.10's
/// <c>SignerUtilities</c> does not know the 2012 signature OIDs, so they are spelled out here.
/// </summary>
internal static class GostOids
{
    /// <summary>id-tc26-gost3410-12-256: GOST R 34.10-2012 public key, 256 bits.</summary>
    public static readonly DerObjectIdentifier PublicKey2012_256 = new("1.2.643.7.1.1.1.1");

    /// <summary>id-GostR3410-2001: the 2001 public key algorithm (still seen in older ESIA certificates).</summary>
    public static readonly DerObjectIdentifier PublicKey2001 = new("1.2.643.2.2.19");

    /// <summary>id-tc26-gost-3410-12-256-paramSetA.</summary>
    public static readonly DerObjectIdentifier ParamSetA256 = new("1.2.643.7.1.2.1.1.1");

    /// <summary>id-tc26-gost3411-12-256: Streebog-256.</summary>
    public static readonly DerObjectIdentifier Digest2012_256 = new("1.2.643.7.1.1.2.2");

    /// <summary>id-tc26-signwithdigest-gost3410-12-256.</summary>
    public static readonly DerObjectIdentifier SignWithDigest2012_256 = new("1.2.643.7.1.1.3.2");
}
