using IdentityBroker.IntegrationTests.Infrastructure;
using Npgsql;

namespace IdentityBroker.IntegrationTests.Flows;

/// <summary>
/// R-MATCH-7 / issue #5: two simultaneous first sign-ins of one person (two browsers, ESIA's callbacks landing on two
/// broker replicas at the same moment) create exactly one link, recorded once in the audit; both sign-ins succeed.
/// </summary>
[CancelAfter(120_000)]
public sealed class SimultaneousFirstSignInTests : SliceFixture
{
    protected override int BrokerReplicas => 2;

    [Test]
    public async Task RMatch7_TwoSimultaneousFirstSignInsOfOnePerson_OneLinkBothSignedIn()
    {
        using var first = new BrowserClient();
        using var second = new BrowserClient();
        var callbackA = await StopAtCallbackAsync(first);
        var callbackB = await StopAtCallbackAsync(second);

        // The second browser's callback goes to the other replica, as a load balancer might send it.
        var onReplicaB = new UriBuilder(callbackB) { Port = new Uri(Slice.BrokerUrls[1]).Port }.Uri;
        first.StopBefore = second.StopBefore = null;
        var pages = await Task.WhenAll(first.GetAsync(callbackA.ToString()), second.GetAsync(onReplicaB.ToString()));

        foreach (var page in pages)
        {
            Assert.That(page.Url.ToString(), Does.StartWith(Slice.DemoUrl), page.Body);
            Assert.That(page.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo("d38-1002"));
        }

        await using var connection = new NpgsqlConnection(Slice.ConnectionString);
        await connection.OpenAsync();
        Assert.That(await CountAsync(connection, "select count(*) from broker.account_links where region_code = '38' and diary_account_id = 'd38-1002'"), Is.EqualTo(1));
        Assert.That(await CountAsync(connection, "select count(*) from broker.audit_records where event_type = 'link' and diary_account_id = 'd38-1002'"), Is.EqualTo(1));
        Assert.That(await CountAsync(connection, "select count(*) from broker.audit_records where event_type = 'sign_in' and outcome = 'success' and diary_account_id = 'd38-1002'"), Is.EqualTo(2));
    }

    /// <summary>Goes through the emulator as standard-adult and stops right before ESIA's redirect to the broker's callback.</summary>
    private async Task<Uri> StopAtCallbackAsync(BrowserClient browser)
    {
        browser.StopBefore = u => u.AbsolutePath == "/signin-esia";
        var stopped = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(Slice.DemoUrl + "/login"), "standard-adult");
        Assert.That(stopped.Url.AbsolutePath, Is.EqualTo("/signin-esia"), "stopped before the callback");
        return stopped.Url;
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
