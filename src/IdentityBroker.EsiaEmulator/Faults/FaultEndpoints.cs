using System.Text.Json;
using IdentityBroker.EsiaEmulator.Configuration;
using IdentityBroker.EsiaEmulator.Protocol;
using IdentityBroker.EsiaEmulator.Rest;

namespace IdentityBroker.EsiaEmulator.Faults;

/// <summary>
/// <c>GET|POST|DELETE /emulator/faults</c>: read, replace or clear the injected faults;
/// <c>GET|DELETE /emulator/requests</c>: the requests that reached the ESIA endpoints (<see cref="RequestLog"/>).
/// </summary>
internal static class FaultEndpoints
{
    public const string Path = "/emulator/faults";
    public const string RequestsPath = "/emulator/requests";

    private static readonly string[] Endpoints = ["ac", "te", "prns", "logout"];

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, (FaultState state) => Results.Json(state.Current, JsonSerializerOptions.Web));
        routes.MapGet(RequestsPath, (RequestLog log) => Results.Json(log.Snapshot(), JsonSerializerOptions.Web));
        routes.MapDelete(RequestsPath, (RequestLog log) =>
        {
            log.Clear();
            return Results.NoContent();
        }).DisableAntiforgery();
        routes.MapPost(Path, Replace).DisableAntiforgery();
        routes.MapDelete(Path, (FaultState state, ILogger<FaultState> logger) =>
        {
            state.Clear();
            Log.FaultsChanged(logger, "none");
            return Results.NoContent();
        });
    }

    private static async Task<IResult> Replace(HttpContext context, FaultState state, ILogger<FaultState> logger)
    {
        FaultOptions? faults;
        try
        {
            faults = await context.Request.ReadFromJsonAsync<FaultOptions>(JsonSerializerOptions.Web, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            return Results.BadRequest(new { error = "invalid_json", message = ex.Message });
        }

        if (faults is null)
        {
            return Results.BadRequest(new { error = "invalid_json", message = "Send a JSON object." });
        }

        faults.LatencyMs = new Dictionary<string, int>(faults.LatencyMs, StringComparer.OrdinalIgnoreCase);
        var unknown = faults.LatencyMs.Keys.Concat(faults.Timeout).Concat(faults.ServerError)
            .Where(e => !Endpoints.Contains(e, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            return Results.BadRequest(new { error = "unknown_endpoint", message = $"Unknown endpoint(s): {string.Join(", ", unknown)}; use {string.Join(", ", Endpoints)}." });
        }

        if (faults.CallbackError is { } code && EsiaError.ForCode(code) is null)
        {
            return Results.BadRequest(new { error = "unknown_esia_code", message = $"callbackError: unknown ESIA code '{code}'; use one of ESIA.md §8, e.g. ESIA-007055." });
        }

        var collections = PersonCollections.EmbedNames.Keys.Concat(PersonCollections.EmbedNames.Values).ToHashSet(StringComparer.Ordinal);
        if (faults.ForbiddenCollections.FirstOrDefault(c => !collections.Contains(c)) is { } unknownCollection)
        {
            return Results.BadRequest(new { error = "unknown_collection", message = $"forbiddenCollections: unknown collection '{unknownCollection}'; use {string.Join(", ", collections.Order(StringComparer.Ordinal))}." });
        }

        state.Set(faults);
        var json = JsonSerializer.Serialize(faults, JsonSerializerOptions.Web);
        Log.FaultsChanged(logger, json);
        return Results.Text(json, "application/json");
    }
}
