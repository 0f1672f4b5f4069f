using IdentityBroker.Core.Protocol;
using IdentityBroker.Server.Configuration;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.SignIn;

/// <summary>
/// R-REGION-3: a sign-in for which ESIA was unavailable (at the redirect or at the callback) in a region whose policy
/// allows diary login/password sign-in as a fallback. Created only at that failure, so the password form exists only
/// while ESIA is actually failing for this sign-in.
/// </summary>
internal sealed record PendingPasswordFallback(
    AuthorizationRequest Request,
    string BrowserBindingHash,
    string ReferenceNumber,
    string? ReturnUrl);

/// <summary>Data Protection of <see cref="PendingPasswordFallback"/> (see <see cref="ManualLinkProtector"/>).</summary>
internal sealed class PasswordFallbackProtector(IDataProtectionProvider provider, TimeProvider time, IOptions<BrokerOptions> options)
    : ManualLinkStateProtector<PendingPasswordFallback>(provider, time, options, "IdentityBroker.SignIn.PasswordFallback.v1");
