using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.Protocol;

/// <summary>
/// Issue #10 items 3 and 4, the reported crashes one by one (the hostile suite, Hostile/, generalises them over every
/// route): each is now a 4xx naming the problem — RFC 6749 JSON at the token endpoint, a Russian page at authorize — and
/// nothing reaches PostgreSQL.
/// </summary>
[CancelAfter(120_000)]
public sealed class MalformedRequestTests : SliceFixture
{
    private static readonly HttpClient Http = new(new HttpClientHandler { AllowAutoRedirect = false });

    [TestCase("state", TestName = "Authorize_NulInState_400PageNothingStored")]
    [TestCase("nonce", TestName = "Authorize_NulInNonce_400PageNothingStored")]
    [TestCase("login_hint", TestName = "Authorize_NulInLoginHint_400PageNothingStored")]
    public async Task Authorize_NulInParameter_400Page_NothingStored(string parameter)
    {
        var client = OidcTestClient.Public(Slice);
        var before = await PendingSignInsAsync();

        using var response = await Http.GetAsync(client.AuthorizeUrl(new Dictionary<string, string?> { [parameter] = "a\0b" }));
        var page = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(page, Does.Contain("lang=\"ru\"").And.Contain(parameter).And.Contain("control character"));
        Assert.That(await PendingSignInsAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task Authorize_TabInState_RefusedByTheProtocolReader()
    {
        using var response = await Http.GetAsync(OidcTestClient.Public(Slice).AuthorizeUrl(new Dictionary<string, string?> { ["state"] = "a\tb" }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("state contains a control character"));
    }

    [Test]
    public async Task Token_FivePartClientAssertion_InvalidClient401()
    {
        var (status, json) = await PostTokenAsync(
            "grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d");

        Assert.That((status, json.GetProperty("error").GetString()), Is.EqualTo((401, "invalid_client")));
    }

    [Test]
    public async Task Token_1500FormFields_400InvalidRequestJson()
    {
        var (status, json) = await PostTokenAsync(string.Join('&', Enumerable.Range(0, 1500).Select(i => $"f{i}=1")));

        Assert.That((status, json.GetProperty("error").GetString()), Is.EqualTo((400, "invalid_request")));
        Assert.That(json.GetProperty("error_description").GetString(), Does.Contain("at most 256 fields"));
    }

    [Test]
    public async Task Token_FieldNameOf3000Characters_400InvalidRequestJson()
    {
        var (status, json) = await PostTokenAsync(new string('k', 3000) + "=v&grant_type=client_credentials");

        Assert.That((status, json.GetProperty("error").GetString()), Is.EqualTo((400, "invalid_request")));
    }

    [Test]
    public async Task Token_NulInFormValue_400InvalidRequestJson()
    {
        var (status, json) = await PostTokenAsync("grant_type=client_credentials&client_id=diary-38-service&scope=di%00ary");

        Assert.That((status, json.GetProperty("error").GetString()), Is.EqualTo((400, "invalid_request")));
        Assert.That(json.GetProperty("error_description").GetString(), Does.Contain("invalid characters"), "ASP.NET's form reader refuses a NUL itself; that is a 400 now, not a 500");
    }

    [Test]
    public async Task Token_TruncatedMultipart_400InvalidRequestJson()
    {
        var content = new StringContent("--B\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\nclient_credentials\r\n--B\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ncut", Encoding.ASCII);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=B");

        using var response = await Http.PostAsync(Slice.BrokerUrl + "/connect/token", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(), Is.EqualTo("invalid_request"));
    }

    [Test]
    public async Task Token_ClientSecretOver256Characters_400NamesTheLimit()
    {
        var (status, json) = await PostTokenAsync("grant_type=client_credentials&client_id=diary-38-service&client_secret=" + new string('s', 300));

        Assert.That(status, Is.EqualTo(400));
        Assert.That(json.GetProperty("error_description").GetString(), Is.EqualTo("client_secret is longer than 256 characters; send a shorter value."));
    }

    private async Task<(int Status, JsonElement Json)> PostTokenAsync(string body)
    {
        using var response = await Http.PostAsync(Slice.BrokerUrl + "/connect/token", new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded"));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private async Task<long> PendingSignInsAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(Slice.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM broker.pending_sign_ins", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
