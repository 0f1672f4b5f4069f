using System.Net;
using IdentityBroker.Esia.Http;
using IdentityBroker.Esia.Tests.Client;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityBroker.Esia.Tests.Http;

/// <summary>
/// The token POST carries ESIA's single-use code (ESIA.md §3.1): the resilience handlers never send a POST twice, even when
/// it is tagged as a retryable read, because the pipeline key is chosen from the HTTP method first
/// (<see cref="EsiaResiliencePipelines.AttemptsKey"/>).
/// </summary>
[CancelAfter(30_000)]
public sealed class PostNotRetriedTests
{
    [Test]
    public async Task Post_TaggedAsRetryableRead_Http503_IsSentOnce()
    {
        using var env = new EsiaTestEnvironment();
        env.Stub.Token = (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("") });
        var http = env.Services.GetRequiredService<IHttpClientFactory>().CreateClient(EsiaServiceCollectionExtensions.HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://esia.test/aas/oauth2/v3/te")
        {
            Content = new FormUrlEncodedContent([new("code", "single-use")]),
        };
        EsiaRequestContext.Tag(request, EsiaTestEnvironment.Region, EsiaRequestContext.PersonOperation, TimeSpan.FromSeconds(2));

        using var response = await http.SendAsync(request);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(env.Stub.TokenCalls, Is.EqualTo(1), "a POST must reach ESIA exactly once");
        }
    }

    [Test]
    public async Task Get_TaggedAsRead_Http503_IsRetriedPerReadRetries()
    {
        using var env = new EsiaTestEnvironment(o => o.ReadRetries = 3);
        env.Stub.Person = (_, _, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("") });
        var http = env.Services.GetRequiredService<IHttpClientFactory>().CreateClient(EsiaServiceCollectionExtensions.HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://esia.test/rs/prns/1000299681");
        EsiaRequestContext.Tag(request, EsiaTestEnvironment.Region, EsiaRequestContext.PersonOperation, TimeSpan.FromSeconds(2));

        using var response = await http.SendAsync(request);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(env.Stub.PersonCalls, Is.EqualTo(4), "one attempt plus ReadRetries = 3");
        }
    }

    [TestCase("GET", EsiaRequestContext.PersonOperation, EsiaResiliencePipelines.RetriedReadKey)]
    [TestCase("POST", EsiaRequestContext.PersonOperation, EsiaResiliencePipelines.SingleAttemptKey)]
    [TestCase("POST", EsiaRequestContext.TokenOperation, EsiaResiliencePipelines.SingleAttemptKey)]
    [TestCase("PUT", EsiaRequestContext.PersonOperation, EsiaResiliencePipelines.SingleAttemptKey)]
    [TestCase("GET", EsiaRequestContext.TokenOperation, EsiaResiliencePipelines.SingleAttemptKey)]
    [TestCase("GET", null, EsiaResiliencePipelines.SingleAttemptKey)]
    public void AttemptsKey_OnlyGetReadsAreRetried(string method, string? operation, string expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "https://esia.test/rs/prns/1");
        if (operation is not null)
        {
            EsiaRequestContext.Tag(request, EsiaTestEnvironment.Region, operation, TimeSpan.FromSeconds(1));
        }

        Assert.That(EsiaResiliencePipelines.AttemptsKey(request), Is.EqualTo(expected));
    }
}
