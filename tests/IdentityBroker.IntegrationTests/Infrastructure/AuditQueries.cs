using IdentityBroker.Core.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityBroker.IntegrationTests.Infrastructure;

internal static class AuditQueries
{
    public static async Task<AuditRecord> ByReferenceAsync(SliceEnvironment slice, string reference)
    {
        var records = await slice.BrokerServices.GetRequiredService<IAuditLog>().FindByReferenceAsync(reference, CancellationToken.None);
        Assert.That(records, Has.Count.EqualTo(1), "one audit record per refusal");
        return records[0];
    }
}
