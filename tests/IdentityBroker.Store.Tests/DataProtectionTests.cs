using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityBroker.Store.Tests;

public sealed class DataProtectionTests
{
    [Test]
    public async Task PersistKeysToBrokerStore_PayloadProtectedByOneInstance_UnprotectsInAnother()
    {
        await using var database = await StoreTestDatabase.CreateAsync("dataprotection");
        await using var first = BuildInstance(database.ConnectionString);
        await using var second = BuildInstance(database.ConnectionString);

        var protectedPayload = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("sign-in").Protect("state-123");
        var unprotected = second.GetRequiredService<IDataProtectionProvider>().CreateProtector("sign-in").Unprotect(protectedPayload);

        Assert.That(unprotected, Is.EqualTo("state-123"));
        await using var db = database.CreateContext();
        Assert.That(db.DataProtectionKeys.Count(), Is.EqualTo(1));
    }

    private static ServiceProvider BuildInstance(string connectionString) =>
        StoreTestDatabase.BuildServices(connectionString, services =>
            services.AddDataProtection().SetApplicationName("IdentityBroker").PersistKeysToBrokerStore());
}
