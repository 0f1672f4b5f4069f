using System.Collections.Concurrent;

namespace IdentityBroker.Esia.Signing;

/// <summary>
/// Caches one signer per region and settings, so the file signer's reload check and parsed key are reused between
/// sign-ins. Remote signers use the named HttpClient <see cref="RemoteSignerClientName"/>.
/// </summary>
internal sealed class EsiaSignerProvider(IHttpClientFactory httpClientFactory) : IEsiaSignerProvider
{
    public const string RemoteSignerClientName = "IdentityBroker.Esia.RemoteSigner";

    private readonly ConcurrentDictionary<string, IEsiaRequestSigner> _signers = new(StringComparer.Ordinal);

    public IEsiaRequestSigner GetSigner(string regionCode, EsiaSignerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var key = string.Join('\n', regionCode, options.Kind, options.KeyPath, options.CertificatePath, options.Url, options.KeyId);
        return _signers.GetOrAdd(key, _ => Create(options));
    }

    private IEsiaRequestSigner Create(EsiaSignerOptions options)
    {
        if (string.Equals(options.Kind, EsiaSignerOptions.FileKind, StringComparison.OrdinalIgnoreCase))
        {
            return new FileGostRequestSigner(options.KeyPath ?? "", options.CertificatePath ?? "");
        }

        if (string.Equals(options.Kind, EsiaSignerOptions.RemoteKind, StringComparison.OrdinalIgnoreCase))
        {
            return new RemoteGostRequestSigner(
                httpClientFactory.CreateClient(RemoteSignerClientName),
                new Uri(options.Url ?? "", UriKind.Absolute),
                options.KeyId,
                options.CertificatePath ?? "");
        }

        throw new EsiaException(EsiaFailureKind.Misconfigured, $"Unknown ESIA signer kind '{options.Kind}'.");
    }
}
