using System.Globalization;
using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.Server.Hosting;
using IdentityBroker.Server.Protocol;

namespace IdentityBroker.IntegrationTests.Hosting;

/// <summary>Issue #10 item 4: "documented limits" — docs/limits.md names every parameter limit and request limit the code enforces.</summary>
public sealed class LimitsDocumentationTests
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "limits.md"));

    [Test]
    public void LimitsDoc_NamesEveryParameterLimit()
    {
        Assert.Multiple(() =>
        {
            foreach (var (name, limit) in ParameterLimits.All)
            {
                var row = Doc.Split('\n').FirstOrDefault(line => line.StartsWith('|') && line.Contains($"`{name}`", StringComparison.Ordinal));
                Assert.That(row, Is.Not.Null, $"{name} is not in docs/limits.md");
                Assert.That(row, Does.Contain(limit.ToString("N0", CultureInfo.InvariantCulture)), $"{name}: {limit}");
            }

            Assert.That(Doc, Does.Contain(ParameterLimits.Default.ToString("N0", CultureInfo.InvariantCulture)));
        });
    }

    [Test]
    public void LimitsDoc_NamesTheRequestLimits()
    {
        Assert.That(Doc, Does.Contain(RequestLimits.MaxRequestTargetLength.ToString("N0", CultureInfo.InvariantCulture)));
        Assert.That(Doc, Does.Contain(RequestLimits.MaxBodyBytes.ToString("N0", CultureInfo.InvariantCulture)));
        Assert.That(Doc, Does.Contain($"{RequestLimits.MaxFormFields} fields"));
        Assert.That(Doc, Does.Contain(RequestLimits.MaxFormValueLength.ToString("N0", CultureInfo.InvariantCulture)));
    }
}
