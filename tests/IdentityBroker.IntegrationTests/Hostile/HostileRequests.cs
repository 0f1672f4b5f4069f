using System.Net;
using System.Net.Http.Headers;
using System.Text;
using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.Hostile;

/// <summary>
/// Generates malformed requests for one route from a seeded <see cref="Random"/> (the seed is printed with every failure,
/// and <c>HOSTILE_SEED</c> replays a run): control characters, repeated and over-long parameters, too many fields,
/// over-long names, truncated multipart and JSON bodies, bodies over the limit with and without Content-Length,
/// garbage credentials and cookies, five-part JWTs, wrong methods. What the issue #10 attacker sent, and then some.
/// </summary>
internal sealed class HostileRequests(Random random, string baseUrl)
{
    private static readonly string[] KnownParameters =
    [
        "client_id", "redirect_uri", "response_type", "scope", "state", "nonce", "code_challenge", "code_challenge_method", "login_hint",
        "prompt", "max_age", "request_uri", "region", "grant_type", "code", "code_verifier", "refresh_token", "token", "token_type_hint",
        "client_secret", "client_assertion", "client_assertion_type", "id_token_hint", "post_logout_redirect_uri", "access_token", "account",
        "login", "password", "request", "__RequestVerificationToken", "snils", "reference_number", "region_code",
    ];

    private static readonly string[] Clients =
    [
        SliceEnvironment.DemoClientId, SliceEnvironment.PublicClientId, SliceEnvironment.ServiceClientId, SliceEnvironment.PrivateKeyJwtClientId,
        SliceEnvironment.DpopClientId, "unknown-client",
    ];

    /// <summary>Every hostile request for <paramref name="path"/>; <paramref name="methods"/> are the ones the route accepts.</summary>
    public IEnumerable<(string Case, Func<HttpRequestMessage> Build)> For(string path, IReadOnlyCollection<string> methods)
    {
        var url = baseUrl + path;
        var takesQuery = methods.Contains("GET");
        var takesBody = methods.Contains("POST");

        if (takesQuery)
        {
            yield return ("query NUL in state/nonce/login_hint", () => Get(url + "?" + Query(("client_id", Pick(Clients)), ("state", "a\0b"), ("nonce", "\0"), ("login_hint", "x\0y"), ("redirect_uri", "http://127.0.0.1/callback"), ("response_type", "code"), ("scope", "openid"))));
            yield return ("query random control characters", () => Get(url + "?" + Query(Enumerable.Range(0, 4).Select(_ => (Pick(KnownParameters), RandomText(40, controls: true))).ToArray())));
            yield return ("query repeated parameters", () => Get(url + "?" + Query(("client_id", Pick(Clients)), ("client_id", Pick(Clients)), ("state", "1"), ("state", "2"), ("redirect_uri", "http://127.0.0.1/callback"), ("redirect_uri", "http://127.0.0.1/x"))));
            yield return ("query broken percent-encoding and UTF-8", () => Get(url + "?x=%zz%C3%28%ED%A0%80%F0%28%8C%BC&%FF%FE=1&state=%&nonce=%0"));
            yield return ("query over the URI limit", () => Get(url + "?state=" + new string('s', 9_000)));
            yield return ("query parameter over its limit", () => Get(url + "?" + Query(("client_id", SliceEnvironment.PublicClientId), ("redirect_uri", "http://127.0.0.1/callback"), ("response_type", "code"), ("scope", "openid"), ("state", new string('s', 3_000)), ("code_challenge", new string('c', 43)), ("code_challenge_method", "S256"))));
            yield return ("query random unicode values", () => Get(url + "?" + Query(Enumerable.Range(0, 8).Select(_ => (Pick(KnownParameters), RandomText(random.Next(1, 300), controls: false))).ToArray())));
            yield return ("query 200 parameters", () => Get(url + "?" + string.Join('&', Enumerable.Range(0, 200).Select(i => $"p{i}=v"))));
        }

        if (takesBody)
        {
            yield return ("form NUL in values", () => Post(url, Form(("client_id", Pick(Clients)), ("grant_type", "client_credentials"), ("state", "a\0b"), ("token", "\0"), ("login", "a\0"))));
            yield return ("form random control characters", () => Post(url, Form(Enumerable.Range(0, 6).Select(_ => (RandomText(8, controls: random.Next(2) == 0), RandomText(30, controls: true))).ToArray())));
            yield return ("form 1500 fields", () => Post(url, new StringContent(string.Join('&', Enumerable.Range(0, 1500).Select(i => $"f{i}=1")), Encoding.ASCII, "application/x-www-form-urlencoded")));
            yield return ("form name of 3000 characters", () => Post(url, new StringContent(new string('k', 3_000) + "=v&client_id=x", Encoding.ASCII, "application/x-www-form-urlencoded")));
            yield return ("form value of 40000 characters", () => Post(url, new StringContent("client_id=" + SliceEnvironment.PublicClientId + "&state=" + new string('s', 40_000), Encoding.ASCII, "application/x-www-form-urlencoded")));
            yield return ("form repeated client_id with Basic", () => WithBasic(Post(url, Form(("grant_type", "client_credentials"), ("client_id", SliceEnvironment.DemoClientId), ("client_id", SliceEnvironment.ServiceClientId), ("token", "x"))), SliceEnvironment.ServiceClientId, SliceEnvironment.ServiceClientSecret));
            yield return ("form five-part client_assertion", () => Post(url, Form(("grant_type", "client_credentials"), ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"), ("client_assertion", "eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d"), ("token", "x"))));
            yield return ("form random known parameters", () => Post(url, Form(Enumerable.Range(0, 10).Select(_ => (Pick(KnownParameters), random.Next(3) == 0 ? Pick(Clients) : RandomText(random.Next(0, 200), controls: false))).ToArray())));
            yield return ("multipart truncated", () => Post(url, Multipart("--XYZ\r\nContent-Disposition: form-data; name=\"client_id\"\r\n\r\ndiary-38-web\r\n--XYZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunfinished")));
            yield return ("multipart without boundary", () => Post(url, new StringContent("--X\r\n\r\n", Encoding.ASCII, "multipart/form-data")));
            yield return ("urlencoded random bytes", () => Post(url, Bytes(RandomBytes(2_000), "application/x-www-form-urlencoded")));
            yield return ("body over the limit with Content-Length", () => Post(url, new StringContent("a=" + new string('b', 100_000), Encoding.ASCII, "application/x-www-form-urlencoded")));
            yield return ("body over the limit, chunked", () => Post(url, new ChunkedContent(Encoding.ASCII.GetBytes("a=" + new string('b', 100_000)), "application/x-www-form-urlencoded")));
            yield return ("JSON truncated", () => Bearer(Post(url, new StringContent("{\"regionCode\":\"38\",\"snils\":", Encoding.UTF8, "application/json")), "a.b.c"));
            yield return ("JSON over the limit, chunked", () => Post(url, new ChunkedContent(Encoding.UTF8.GetBytes("{\"a\":\"" + new string('x', 100_000) + "\"}"), "application/json")));
            yield return ("JSON with NUL and deep nesting", () => Post(url, new StringContent("{\"regionCode\":\"3\\u00008\",\"x\":" + new string('[', 2_000) + new string(']', 2_000) + "}", Encoding.UTF8, "application/json")));
            yield return ("text/plain random", () => Post(url, Bytes(RandomBytes(500), "text/plain")));
        }

        var method = takesBody ? HttpMethod.Post : HttpMethod.Get;
        yield return ("Basic not base64", () => WithAuthorization(new HttpRequestMessage(method, url) { Content = EmptyForm(takesBody) }, "Basic", "!!!"));
        yield return ("Basic without colon", () => WithAuthorization(new HttpRequestMessage(method, url) { Content = EmptyForm(takesBody) }, "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("nocolon"))));
        yield return ("Basic with broken escapes and NUL", () => WithAuthorization(new HttpRequestMessage(method, url) { Content = EmptyForm(takesBody) }, "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("%zz\0:%%\0"))));
        yield return ("Bearer five-part token", () => Bearer(new HttpRequestMessage(method, url) { Content = EmptyForm(takesBody) }, "eyJhbGciOiJub25lIn0.e30.a.b.c"));
        yield return ("DPoP with a garbage proof", () =>
        {
            var request = WithAuthorization(new HttpRequestMessage(method, url) { Content = EmptyForm(takesBody) }, "DPoP", "a.b.c");
            request.Headers.TryAddWithoutValidation("DPoP", "eyJ0eXAiOiJkcG9wK2p3dCJ9." + AsciiText(20) + ".x");
            return request;
        });
        yield return ("garbage cookies", () =>
        {
            var request = new HttpRequestMessage(method, url) { Content = EmptyForm(takesBody) };
            request.Headers.TryAddWithoutValidation("Cookie", "ib.session=" + AsciiText(300).Replace(";", string.Empty, StringComparison.Ordinal) + "; .AspNetCore.Antiforgery.x=%%%; ib.region=zz");
            return request;
        });
        foreach (var wrong in new[] { HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch })
        {
            yield return ($"method {wrong}", () => new HttpRequestMessage(wrong, url) { Content = new StringContent("x=1", Encoding.ASCII, "application/x-www-form-urlencoded") });
        }
    }

    private string Pick(string[] items) => items[random.Next(items.Length)];

    private string RandomText(int length, bool controls)
    {
        var sb = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            sb.Append(random.Next(10) switch
            {
                0 when controls => (char)random.Next(0, 0x20),
                1 => (char)random.Next(0x400, 0x4FF), // Cyrillic
                2 => (char)random.Next(0x2010, 0x2060), // dashes, quotes, invisible separators
                3 => "\"'<>&%+=;#\\"[random.Next(11)],
                _ => (char)random.Next(0x21, 0x7F),
            });
        }

        return sb.ToString();
    }

    /// <summary>Printable ASCII (what an HTTP header can carry; HttpClient refuses anything else).</summary>
    private string AsciiText(int length) => new(Enumerable.Range(0, length).Select(_ => (char)random.Next(0x21, 0x7F)).ToArray());

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Query(params (string Key, string Value)[] pairs) =>
        string.Join('&', pairs.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

    private static StringContent Form(params (string Key, string Value)[] pairs) =>
        new StringContent(Query(pairs), Encoding.ASCII, "application/x-www-form-urlencoded");

    private static StringContent? EmptyForm(bool takesBody) =>
        takesBody ? new StringContent("x=1", Encoding.ASCII, "application/x-www-form-urlencoded") : null;

    private static StringContent Multipart(string body)
    {
        var content = new StringContent(body, Encoding.ASCII);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=XYZ");
        return content;
    }

    private static ByteArrayContent Bytes(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);

    private static HttpRequestMessage Post(string url, HttpContent content) => new(HttpMethod.Post, url) { Content = content };

    private static HttpRequestMessage WithBasic(HttpRequestMessage request, string id, string secret) =>
        WithAuthorization(request, "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(id + ":" + secret)));

    private static HttpRequestMessage Bearer(HttpRequestMessage request, string token) => WithAuthorization(request, "Bearer", token);

    private static HttpRequestMessage WithAuthorization(HttpRequestMessage request, string scheme, string value)
    {
        request.Headers.TryAddWithoutValidation("Authorization", scheme + " " + value);
        return request;
    }

    /// <summary>A body sent with chunked transfer encoding: no Content-Length to trust, so the limit must hold while reading.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _data;

        public ChunkedContent(byte[] data, string contentType)
        {
            _data = data;
            Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var offset = 0; offset < _data.Length; offset += 8_192)
            {
                await stream.WriteAsync(_data.AsMemory(offset, Math.Min(8_192, _data.Length - offset)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
