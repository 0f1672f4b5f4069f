namespace IdentityBroker.DemoClient.Tests.Unit;

public sealed class DemoClientOptionsValidatorTests
{
    private static DemoClientOptions Valid() => new()
    {
        Authority = "https://broker.test",
        ClientId = "diary",
        ClientSecret = "secret",
        PublicUrl = "https://diary.test",
    };

    [Test]
    public void Validate_CompleteHttpsSettings_Succeeds()
    {
        var result = new DemoClientOptionsValidator().Validate(null, Valid());

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    private static IEnumerable<TestCaseData> Broken()
    {
        yield return new TestCaseData((Action<DemoClientOptions>)(o => o.Authority = ""), "DemoClient:Authority").SetName("Validate_MissingAuthority_NamesKey");
        yield return new TestCaseData((Action<DemoClientOptions>)(o => o.Authority = "http://broker.test"), "DemoClient:RequireHttpsMetadata")
            .SetName("Validate_HttpAuthorityWhileHttpsRequired_PointsToRequireHttpsMetadata");
        yield return new TestCaseData((Action<DemoClientOptions>)(o => o.ClientId = " "), "DemoClient:ClientId").SetName("Validate_MissingClientId_NamesKey");
        yield return new TestCaseData((Action<DemoClientOptions>)(o => o.ClientSecret = ""), "DemoClient:ClientSecret").SetName("Validate_MissingSecret_NamesKey");
        yield return new TestCaseData((Action<DemoClientOptions>)(o => o.Scope = "profile diary"), "DemoClient:Scope").SetName("Validate_ScopeWithoutOpenid_NamesKey");
        yield return new TestCaseData((Action<DemoClientOptions>)(o => o.PublicUrl = "diary.test"), "DemoClient:PublicUrl").SetName("Validate_RelativePublicUrl_NamesKey");
        yield return new TestCaseData((Action<DemoClientOptions>)(o => o.PublicUrl = "https://diary.test/?a=1"), "DemoClient:PublicUrl").SetName("Validate_PublicUrlWithQuery_NamesKey");
    }

    [TestCaseSource(nameof(Broken))]
    public void Validate_BrokenSetting_FailsNamingTheKey(Action<DemoClientOptions> breakIt, string key)
    {
        var options = Valid();
        breakIt(options);

        var result = new DemoClientOptionsValidator().Validate(null, options);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.FailureMessage, Does.Contain(key));
        }
    }

    [Test]
    public void Validate_HttpAuthorityWithHttpsMetadataOff_Succeeds()
    {
        var options = Valid();
        options.Authority = "http://localhost:5100";
        options.RequireHttpsMetadata = false;

        Assert.That(new DemoClientOptionsValidator().Validate(null, options).Succeeded, Is.True);
    }
}
