using Microsoft.IdentityModel.Tokens;
using Org.BouncyCastle.Crypto.Parameters;

namespace IdentityBroker.Esia.Tokens;

/// <summary>ESIA's token-verification keys from the pinned certificates, split by algorithm (ESIA.md §4.1, §4.4).</summary>
internal sealed record TrustedKeys(IReadOnlyList<SecurityKey> RsaKeys, IReadOnlyList<ECPublicKeyParameters> GostKeys);
