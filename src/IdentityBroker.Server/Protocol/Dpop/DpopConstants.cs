using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.Server.Protocol.Dpop;

/// <summary>Names and algorithms of RFC 9449.</summary>
internal static class DpopConstants
{
    /// <summary>The request header carrying the proof, and the <c>Authorization</c> scheme of a DPoP-bound token (RFC 9449 §4.1, §7.1).</summary>
    public const string HeaderName = "DPoP";

    public const string Scheme = "DPoP";

    /// <summary>The proof's JOSE <c>typ</c> (RFC 9449 §4.2).</summary>
    public const string ProofType = "dpop+jwt";

    /// <summary>The proof's claims Microsoft.IdentityModel has no constant for (RFC 9449 §4.2): the request's method and URL, the access token's hash.</summary>
    public const string Htm = "htm";

    public const string Htu = "htu";

    public const string Ath = "ath";

    /// <summary>Token endpoint / PAR error code for a bad proof (RFC 9449 §5).</summary>
    public const string InvalidDpopProof = "invalid_dpop_proof";

    /// <summary>Asymmetric only; never <c>none</c> or a MAC (RFC 9449 §4.3 point 5). Also published in discovery as <c>dpop_signing_alg_values_supported</c>.</summary>
    public static readonly string[] Algorithms = [SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256];

    /// <summary>How far a proof's <c>iat</c> may be from our clock either way (RFC 9449 §4.3 point 11, §11.1).</summary>
    public static readonly TimeSpan IatWindow = TimeSpan.FromSeconds(60);
}
