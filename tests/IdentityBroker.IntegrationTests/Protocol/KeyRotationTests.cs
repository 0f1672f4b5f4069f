using System.Text.Json;
using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.IntegrationTests.Protocol;

/// <summary>
/// The key rotation drill (../shared/docs/OIDC-CONFORMANCE.md): a new key appears in the JWKS before it signs; the old key
/// stays published after the switch, so tokens it signed still validate. Periods shortened to seconds.
/// </summary>
[CancelAfter(90_000)]
public sealed class KeyRotationTests : SliceFixture
{
    protected override int BrokerReplicas => 2;

    protected override IReadOnlyDictionary<string, string?> BrokerSettings => new Dictionary<string, string?>
    {
        ["IdentityBroker:Signing:RotationPeriod"] = "00:00:12",
        ["IdentityBroker:Signing:PublishAhead"] = "00:00:05",
        ["IdentityBroker:Signing:KeySetRefreshInterval"] = "00:00:00.500",
    };

    [Test]
    public async Task OidccServerRotateKeys_NewKeyPublishedBeforeItSigns_OldKeyKeptAfterwards()
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Public(Slice);
        var first = await IssueIdTokenAsync(browser, client);
        var known = await KidsAsync(Slice.BrokerUrls[0]);
        Assert.That(known, Does.Contain(first.Kid));

        // Phase 1: a key never seen before is published (seen through the OTHER replica) — and does not sign yet.
        var kids = await PollAsync(() => KidsAsync(Slice.BrokerUrls[1]), k => k.Except(known).Any(), TimeSpan.FromSeconds(30));
        var fresh = kids.Except(known).ToList();
        Assert.That(fresh, Has.Count.EqualTo(1), $"exactly one successor is published ahead (known: {string.Join(", ", known)}; now: {string.Join(", ", kids)}; keys: {await DescribeKeysAsync()})");
        var newKid = fresh[0];
        var during = await IssueIdTokenAsync(browser, client);
        Assert.That(during.Kid, Is.Not.EqualTo(newKid), "the new key is published ahead of signing");

        // Phase 2: the new key signs; the key that signed before is still published.
        var after = await PollAsync(() => IssueIdTokenAsync(browser, client), t => t.Kid == newKid, TimeSpan.FromSeconds(30));
        Assert.That(after.Kid, Is.EqualTo(newKid));
        Assert.That(await KidsAsync(Slice.BrokerUrls[0]), Does.Contain(during.Kid), "old key kept until its tokens have expired");

        // A token signed by the old key still validates against the published JWKS.
        var jwks = new JsonWebKeySet(await new HttpClient().GetStringAsync(Slice.BrokerUrl + "/.well-known/jwks.json"));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(during.EncodedToken, new TokenValidationParameters
        {
            ValidIssuer = Slice.BrokerUrl, ValidAudience = client.ClientId, IssuerSigningKeys = jwks.GetSigningKeys(),
        });
        Assert.That(result.IsValid, Is.True, result.Exception?.Message);
    }

    /// <summary>The stored key schedule, for a failure message.</summary>
    private async Task<string> DescribeKeysAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(Slice.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("select key_id, created_at, activates_at, retires_at from broker.signing_keys order by created_at", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add($"{reader.GetString(0)[..6]} created {reader.GetDateTime(1):HH:mm:ss.fff} activates {reader.GetDateTime(2):HH:mm:ss.fff} retires {reader.GetDateTime(3):HH:mm:ss.fff}");
        }

        return $"now {DateTime.UtcNow:HH:mm:ss.fff}: " + string.Join(" | ", rows);
    }

    private static async Task<JsonWebToken> IssueIdTokenAsync(BrowserClient browser, OidcTestClient client)
    {
        var response = await client.RedeemAsync((await client.AuthorizeAsync(browser))["code"]);
        return new JsonWebToken(response.Get("id_token"));
    }

    private static async Task<List<string>> KidsAsync(string brokerUrl)
    {
        using var http = new HttpClient();
        var doc = JsonDocument.Parse(await http.GetStringAsync(brokerUrl + "/.well-known/jwks.json"));
        return doc.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).ToList();
    }

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(250);
        }
    }
}
