namespace IdentityBroker.Esia;

/// <summary>Which back-end signs ESIA requests (ESIA.md §2.2).</summary>
public sealed class EsiaSignerOptions
{
    /// <summary>Signer kind "file": a GOST private key file on disk.</summary>
    public const string FileKind = "file";

    /// <summary>Signer kind "remote": an external signing service (contract in Signing/REMOTE-SIGNER.md).</summary>
    public const string RemoteKind = "remote";

    /// <summary><see cref="FileKind"/> or <see cref="RemoteKind"/>.</summary>
    public string Kind { get; set; } = FileKind;

    /// <summary>File signer: unencrypted PKCS#8 PEM with a GOST R 34.10-2012-256 key. Re-read when it changes.</summary>
    public string? KeyPath { get; set; }

    /// <summary>Both kinds: the information system's certificate (PEM or DER) registered on the technology portal.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Remote signer: absolute URL of the signing endpoint.</summary>
    public string? Url { get; set; }

    /// <summary>Remote signer: optional key identifier passed to the service.</summary>
    public string? KeyId { get; set; }
}
