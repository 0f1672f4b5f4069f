using IdentityBroker.Core.Stores;
using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityBroker.IntegrationTests.Hosting;

/// <summary>Issue #3: clients are defined in region configuration and stored in PostgreSQL.</summary>
public sealed class ClientRegistrationTests : SliceFixture
{
    [Test]
    public async Task Startup_RegionFileClients_StoredInPostgresWithoutSecrets()
    {
        var stored = await Slice.BrokerServices.GetRequiredService<IClientRegistrationStore>().GetAllAsync(CancellationToken.None);

        Assert.That(stored.Select(c => c.ClientId), Is.SupersetOf(new[]
        {
            SliceEnvironment.DemoClientId, SliceEnvironment.PublicClientId, SliceEnvironment.DpopClientId,
            SliceEnvironment.ServiceClientId, SliceEnvironment.PrivateKeyJwtClientId,
        }));
        Assert.That(stored.Select(c => c.RegionCode), Is.All.EqualTo("38"));
        var demo = stored.Single(c => c.ClientId == SliceEnvironment.DemoClientId);
        using var definition = System.Text.Json.JsonDocument.Parse(demo.Definition);
        Assert.That(definition.RootElement.GetProperty("secrets").GetInt32(), Is.EqualTo(1));
        Assert.That(definition.RootElement.GetProperty("redirectUris")[0].GetString(), Is.EqualTo(Slice.DemoUrl + "/signin-callback"));
        var secretHash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(SliceEnvironment.DemoClientSecret)));
        Assert.That(demo.Definition, Does.Not.Contain(secretHash), "no secret material in the table");
    }
}
