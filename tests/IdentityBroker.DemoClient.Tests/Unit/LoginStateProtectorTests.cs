using IdentityBroker.DemoClient.Oidc;
using IdentityBroker.DemoClient.Tests.Support;
using IdentityBroker.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace IdentityBroker.DemoClient.Tests.Unit;

public sealed class LoginStateProtectorTests
{
    private static readonly IOptions<DemoClientOptions> Options =
        Microsoft.Extensions.Options.Options.Create(new DemoClientOptions { PublicUrl = "http://diary.test" });

    private readonly SettableClock _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly EphemeralDataProtectionProvider _keys = new();

    [Test]
    public void Unprotect_ProtectedState_ReturnsSameValues()
    {
        var protector = new LoginStateProtector(_keys, _time, Options);
        var state = LoginState.CreateNew();

        var sealedValue = protector.Protect(state);
        var restored = protector.Unprotect(sealedValue);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(restored, Is.EqualTo(state));
            Assert.That(sealedValue, Does.Not.Contain(state.Nonce).And.Not.Contain(state.CodeVerifier));
        }
    }

    [Test]
    public void Unprotect_TamperedValue_ReturnsNull()
    {
        var protector = new LoginStateProtector(_keys, _time, Options);
        var sealedValue = protector.Protect(LoginState.CreateNew());
        var tampered = sealedValue[..^4] + (sealedValue[^4] == 'A' ? 'B' : 'A') + sealedValue[^3..];

        Assert.That(protector.Unprotect(tampered), Is.Null);
    }

    [Test]
    public void Unprotect_ValueFromAnotherKeyRing_ReturnsNull()
    {
        var sealedValue = new LoginStateProtector(new EphemeralDataProtectionProvider(), _time, Options).Protect(LoginState.CreateNew());

        Assert.That(new LoginStateProtector(_keys, _time, Options).Unprotect(sealedValue), Is.Null);
    }

    [Test]
    public void Unprotect_AfterLifetime_ReturnsNull()
    {
        var protector = new LoginStateProtector(_keys, _time, Options);
        var sealedValue = protector.Protect(LoginState.CreateNew());

        _time.Advance(LoginStateProtector.Lifetime + TimeSpan.FromSeconds(1));

        Assert.That(protector.Unprotect(sealedValue), Is.Null);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("not-a-protected-payload")]
    public void Unprotect_MissingOrGarbage_ReturnsNull(string? value)
    {
        Assert.That(new LoginStateProtector(_keys, _time, Options).Unprotect(value), Is.Null);
    }
}
