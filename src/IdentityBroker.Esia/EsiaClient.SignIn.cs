using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using IdentityBroker.Esia.Http;
using IdentityBroker.Esia.Person;
using IdentityBroker.Esia.Protocol;
using IdentityBroker.Esia.Tokens;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace IdentityBroker.Esia;

/// <summary>Code exchange, token validation and person read (ESIA.md §3, §4, §6).</summary>
internal sealed partial class EsiaClient
{
    public async Task<EsiaSignInResult> CompleteSignInAsync(
        string regionCode, EsiaRegistrationOptions registration, string code, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentException.ThrowIfNullOrEmpty(code);
        Log.TokenExchangeStarted(logger, regionCode);
        try
        {
            var (idToken, accessToken) = await ExchangeCodeAsync(regionCode, registration, code, ct).ConfigureAwait(false);
            var idPayload = await tokens.ValidateAsync(idToken, EsiaTokenKind.Id, registration).ConfigureAwait(false);
            var accessPayload = await tokens.ValidateAsync(accessToken, EsiaTokenKind.Access, registration).ConfigureAwait(false);
            var identity = EsiaIdentity.FromIdToken(idPayload);
            var subjectId = EsiaIdentity.ReadId(accessPayload, "urn:esia:sbj_id");
            if (subjectId is not null && subjectId != identity.Oid)
            {
                throw new EsiaException(EsiaFailureKind.InvalidResponse, "ESIA access token is for another subject than the ID token.");
            }

            // Optional collections only for scopes the access token shows as granted; ESIA's refusal of one is survived.
            var granted = (IReadOnlyCollection<string>?)EsiaGrantedScopes.Read(accessPayload) ?? registration.Scopes;
            var personJson = await ReadPersonAsync(regionCode, registration, identity.Oid, granted, accessToken, ct).ConfigureAwait(false);
            var person = EsiaPersonReader.Read(identity, personJson);
            IReadOnlyList<EsiaChild> children = [];
            var childrenRead = false;
            if (EsiaPersonReader.WantsChildren(registration.Scopes))
            {
                if (!EsiaPersonReader.WantsChildren(granted))
                {
                    OptionalDataSkipped(regionCode, "kids", "not_granted");
                }
                else if (await GetJsonAsync(regionCode, registration, EsiaPersonReader.KidsPath(identity.Oid), accessToken, "kids endpoint", ct, refusalIsOptional: true).ConfigureAwait(false) is { } kids)
                {
                    children = EsiaPersonReader.ReadChildren(kids);
                    childrenRead = true;
                }
                else
                {
                    OptionalDataSkipped(regionCode, "kids", "refused");
                }
            }

#pragma warning disable CA1873 // once per sign-in: nothing next to the ESIA round trips
            Log.SignInCompleted(logger, regionCode, person.Level.ToString(), person.IsBlocked);
#pragma warning restore CA1873
            return new EsiaSignInResult(person, identity.AuthTime, identity.AuthenticationMethod)
            {
                Children = children,
                ChildrenRead = childrenRead,
                Contacts = EsiaPersonReader.ReadContacts(personJson),
            };
        }
        catch (EsiaException ex)
        {
            Log.CallFailed(logger, "sign-in", regionCode, ex.Kind, ex.EsiaErrorCode, ex.Message);
            EsiaMetrics.RecordError(regionCode, ex);
            throw;
        }
    }

    public async Task<IReadOnlyList<EsiaChild>> GetChildrenAsync(
        string regionCode, EsiaRegistrationOptions registration, string oid, string accessToken, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentException.ThrowIfNullOrEmpty(oid);
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        try
        {
            return await ReadChildrenAsync(regionCode, registration, oid, accessToken, ct).ConfigureAwait(false);
        }
        catch (EsiaException ex)
        {
            Log.CallFailed(logger, "kids", regionCode, ex.Kind, ex.EsiaErrorCode, ex.Message);
            EsiaMetrics.RecordError(regionCode, ex);
            throw;
        }
    }

    private async Task<IReadOnlyList<EsiaChild>> ReadChildrenAsync(
        string regionCode, EsiaRegistrationOptions registration, string oid, string accessToken, CancellationToken ct) =>
        EsiaPersonReader.ReadChildren((await GetJsonAsync(
            regionCode, registration, EsiaPersonReader.KidsPath(oid), accessToken, "kids endpoint", ct).ConfigureAwait(false))!.Value);

    /// <summary>
    /// The person with the requested-and-granted collections embedded. Should ESIA still refuse the embedded collections
    /// (HTTP 403), the person is read again without them: the sign-in decides with what is known (a missing document only
    /// lowers the level ESIA's data prove).
    /// </summary>
    private async Task<JsonElement> ReadPersonAsync(
        string regionCode, EsiaRegistrationOptions registration, string oid, IReadOnlyCollection<string> granted, string accessToken, CancellationToken ct)
    {
        if (EsiaPersonReader.WantsDocuments(registration.Scopes) && !EsiaPersonReader.WantsDocuments(granted))
        {
            OptionalDataSkipped(regionCode, "documents", "not_granted");
        }

        var path = EsiaPersonReader.PersonPath(oid, registration.Scopes, granted);
        var bare = EsiaPersonReader.BarePersonPath(oid);
        if (path == bare)
        {
            return (await GetJsonAsync(regionCode, registration, bare, accessToken, "person endpoint", ct).ConfigureAwait(false))!.Value;
        }

        if (await GetJsonAsync(regionCode, registration, path, accessToken, "person endpoint", ct, refusalIsOptional: true).ConfigureAwait(false) is { } person)
        {
            return person;
        }

        OptionalDataSkipped(regionCode, "documents", "refused");
        return (await GetJsonAsync(regionCode, registration, bare, accessToken, "person endpoint", ct).ConfigureAwait(false))!.Value;
    }

    /// <summary>An optional collection not read: logged (region and collection only) and counted for operators.</summary>
    private void OptionalDataSkipped(string regionCode, string collection, string reason)
    {
        if (reason == "refused")
        {
            Log.OptionalDataRefused(logger, collection, regionCode);
        }
        else
        {
            Log.OptionalDataNotGranted(logger, collection, regionCode);
        }

        EsiaMetrics.RecordOptionalDataSkipped(regionCode, collection, reason);
    }

    private async Task<(string IdToken, string AccessToken)> ExchangeCodeAsync(
        string regionCode, EsiaRegistrationOptions registration, string code, CancellationToken ct)
    {
        var scope = EsiaProtocol.Scope(registration);
        var timestamp = EsiaProtocol.FormatTimestamp(timeProvider.GetUtcNow());
        var state = Guid.NewGuid().ToString("D"); // ESIA.md §3.1: a new UUID, not the ac state
        var signed = EsiaProtocol.TokenSignedString(registration.ClientId, scope, timestamp, state, registration.RedirectUri, code);
        var (secret, hash) = await SignAsync(regionCode, registration, signed, ct).ConfigureAwait(false);

        using var request = new HttpRequestMessage(HttpMethod.Post, EsiaProtocol.Endpoint(registration.BaseUrl, EsiaProtocol.TokenPath))
        {
            Content = new FormUrlEncodedContent(
            [
                new("client_id", registration.ClientId),
                new("code", code),
                new("grant_type", "authorization_code"),
                new("client_secret", secret),
                new("client_certificate_hash", hash),
                new("state", state),
                new("redirect_uri", registration.RedirectUri),
                new("scope", scope),
                new("timestamp", timestamp),
                new("token_type", "Bearer"),
            ]),
        };
        EsiaRequestContext.Tag(request, regionCode, EsiaRequestContext.TokenOperation, registration.Timeout);
        using var response = await SendAsync(request, "token endpoint", ct).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw EsiaErrorMapper.FromTokenResponse(response.StatusCode, body);
        }

        using var json = ParseObject(body, "token response");
        var root = json.RootElement;
        if (!root.TryGetProperty("state", out var echoed) || echoed.ValueKind != JsonValueKind.String || echoed.GetString() != state)
        {
            throw new EsiaException(EsiaFailureKind.InvalidResponse, "ESIA token response state does not match the request.");
        }

        var idToken = root.TryGetProperty("id_token", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        var accessToken = root.TryGetProperty("access_token", out var at) && at.ValueKind == JsonValueKind.String ? at.GetString() : null;
        if (string.IsNullOrEmpty(idToken) || string.IsNullOrEmpty(accessToken))
        {
            throw new EsiaException(EsiaFailureKind.InvalidResponse, "ESIA token response lacks id_token or access_token.");
        }

        return (idToken, accessToken);
    }

    /// <param name="refusalIsOptional">True for optional data: ESIA's 403 then gives null instead of an error.</param>
    private async Task<JsonElement?> GetJsonAsync(
        string regionCode, EsiaRegistrationOptions registration, string path, string accessToken, string operation, CancellationToken ct,
        bool refusalIsOptional = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, EsiaProtocol.Endpoint(registration.BaseUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        EsiaRequestContext.Tag(request, regionCode, EsiaRequestContext.PersonOperation, registration.Timeout);
        using var response = await SendAsync(request, operation, ct).ConfigureAwait(false);
        if (refusalIsOptional && response.StatusCode == System.Net.HttpStatusCode.Forbidden)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw EsiaErrorMapper.FromStatus(response.StatusCode, operation);
        }

        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        using var json = ParseObject(body, operation == "person endpoint" ? "person data" : "kids data");
        return json.RootElement.Clone();
    }

    /// <summary>
    /// Sends through the client's resilience handlers (<see cref="EsiaResiliencePipelines"/>) and measures the whole call,
    /// retries included: one <c>esia {operation}</c> span (the HttpClient's spans nest under it, one per attempt) and one
    /// duration measurement tagged with the outcome.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string operation, CancellationToken ct)
    {
        var tag = request.Options.TryGetValue(EsiaRequestContext.Operation, out var o) ? o : EsiaRequestContext.TokenOperation;
        using var activity = EsiaMetrics.Activities.StartActivity("esia " + tag, ActivityKind.Internal);
        activity?.SetTag("esia.region", EsiaResiliencePipelines.RegionKey(request));
        activity?.SetTag("esia.operation", tag);
        var start = Stopwatch.GetTimestamp();
        var result = "error";
        try
        {
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            result = (int)response.StatusCode switch
            {
                < 400 => "success",
                < 500 => "http_4xx",
                _ => "http_5xx",
            };
            return response;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested &&
                                   ex is HttpRequestException or TimeoutRejectedException or TaskCanceledException)
        {
            result = ex is TimeoutRejectedException ? "timeout" : "error";
            throw new EsiaException(EsiaFailureKind.Unavailable, $"ESIA {operation} did not answer: {ex.GetType().Name}.", null, ex);
        }
        catch (BrokenCircuitException ex)
        {
            result = "circuit_open";
            throw new EsiaException(EsiaFailureKind.Unavailable, $"ESIA {operation} skipped: circuit open.", null, ex);
        }
        catch (RateLimiterRejectedException ex)
        {
            result = "rejected";
            throw new EsiaException(EsiaFailureKind.Unavailable, $"ESIA {operation} skipped: too many concurrent calls.", null, ex);
        }
        finally
        {
            metrics.RecordRequest(tag, result, Stopwatch.GetElapsedTime(start));
            activity?.SetTag("esia.result", result);
        }
    }

    private static JsonDocument ParseObject(string body, string what)
    {
        try
        {
            var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                return json;
            }

            json.Dispose();
        }
        catch (JsonException)
        {
            // reported below without echoing the body
        }

        throw new EsiaException(EsiaFailureKind.InvalidResponse, $"ESIA {what} is not a JSON object.");
    }
}
