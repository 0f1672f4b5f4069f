using IdentityBroker.EsiaEmulator.Configuration;
using Microsoft.Extensions.Options;

namespace IdentityBroker.EsiaEmulator.Crypto;

/// <summary>
/// The configured signing key (algorithm <see cref="EmulatorOptions.TokenAlgorithm"/>) and a second one of the same
/// algorithm, created per process, that clients do not trust until they add <c>/public/esia-rotated.cer</c>
/// (the "rotated certificate" fault).
/// </summary>
internal sealed class TokenSigningKeys(IOptions<EmulatorOptions> options)
{
    private readonly Lazy<TokenSigningKey> _primary = new(() =>
        TokenSigningKey.Load(options.Value.TokenAlgorithm, options.Value.SigningKeyPath, options.Value.SigningCertificatePath));

    private readonly Lazy<TokenSigningKey> _rotated = new(() =>
        TokenSigningKey.CreateEphemeral(options.Value.TokenAlgorithm, "ESIA emulator rotated key"));

    public TokenSigningKey Primary => _primary.Value;

    public TokenSigningKey Rotated => _rotated.Value;
}
