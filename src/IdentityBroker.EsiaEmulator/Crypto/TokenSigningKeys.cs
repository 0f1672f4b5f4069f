using IdentityBroker.EsiaEmulator.Configuration;
using Microsoft.Extensions.Options;

namespace IdentityBroker.EsiaEmulator.Crypto;

/// <summary>The configured signing key and a second, untrusted one for the "rotated certificate" fault.</summary>
internal sealed class TokenSigningKeys(IOptions<EmulatorOptions> options)
{
    private readonly Lazy<TokenSigningKey> _primary = new(() =>
        TokenSigningKey.Load(options.Value.SigningKeyPath, options.Value.SigningCertificatePath));

    private readonly Lazy<TokenSigningKey> _rotated = new(() => TokenSigningKey.CreateEphemeral("CN=ESIA emulator rotated key"));

    public TokenSigningKey Primary => _primary.Value;

    public TokenSigningKey Rotated => _rotated.Value;
}
