using System.Text.Json.Serialization;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Store.Directory;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IdentityBroker.Server.Admin.DirectorySync;

/// <summary>
/// The directory sync API (issue #13, docs/directory-sync.md): a region's diary back-end pushes account changes in the
/// import's own row format and reads back what the broker holds. Authorisation: a client_credentials token of a service
/// client of that region with the <c>directory</c> scope (<see cref="StaffTokenAuthorizer"/>); the route's region must be
/// the token's region. Meant for the management listener, never next to the public sign-in pages; its OpenAPI
/// description is served at <see cref="OpenApiPath"/>.
/// </summary>
internal static class DirectorySyncEndpoints
{
    public const string Scope = Regions.RegionFileValidator.DirectoryScope;

    /// <summary>Name of the OpenAPI document, and the group of its endpoints.</summary>
    public const string DocumentName = "directory-sync";

    // only the documents that exist match (any other name is the broker's JSON 404, not the generator's plain-text one)
    public const string OpenApiPath = "/admin/openapi/{documentName:regex(^" + DocumentName + "$)}.json";

    public const string Batch = "/admin/directory/{region}/batches/{batchId}";
    public const string Batches = "/admin/directory/{region}/batches";
    public const string Account = "/admin/directory/{region}/accounts/{accountId}";
    public const string Counts = "/admin/directory/{region}/counts";

    /// <summary>The services of the API and its OpenAPI document (built-in ASP.NET Core OpenAPI generation).</summary>
    public static void AddServices(IServiceCollection services)
    {
        services.TryAddSingleton<DirectoryImporter>();
        services.TryAddSingleton<DirectorySyncBatches>();
        services.TryAddSingleton<DirectorySyncState>();
        services.AddOpenApi(DocumentName, o =>
        {
            o.ShouldInclude = d => d.GroupName == DocumentName;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "IdentityBroker directory sync API";
                document.Info.Description = "A region's diary back-end pushes diary accounts in the import's row format (FORMATS.md) and reads back the sync state. docs/directory-sync.md";
                return Task.CompletedTask;
            });
        });
    }

    public static void Map(IEndpointRouteBuilder routes)
    {
        var limits = DirectorySyncLimits.From(routes.ServiceProvider.GetRequiredService<IOptions<BrokerOptions>>().Value.DirectorySync);
        var group = routes.MapGroup(string.Empty).WithGroupName(DocumentName).WithTags("Directory sync").DisableAntiforgery();

        group.MapPut(Batch, (HttpContext context, string region, string batchId, CancellationToken ct) =>
                PushBatchEndpoint.HandleAsync(context, region, batchId, limits, ct))
            .WithName("PutDirectoryBatch")
            // a batch may exceed the broker-wide body limit (Hosting/RequestLimits); BoundedBody enforces this one while reading
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(limits.MaxBatchBytes))
            .WithSummary("Apply a batch of diary account rows (upsert, removal) under a client-chosen batch id")
            .WithDescription("Body: JSON Lines (application/x-ndjson) or CSV (text/csv) in the import's row format. Idempotent by batch id: a retry with the same body returns the stored outcome and changes nothing. Query atomic=true refuses the whole batch when any row is rejected.")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // documented here rather than with Accepts(): that metadata would make routing answer other media types
                // with an empty 415 before the handler can name the fix
                operation.RequestBody = new Microsoft.OpenApi.OpenApiRequestBody
                {
                    Required = true,
                    Description = "Rows in the import's format (FORMATS.md), at most IdentityBroker:DirectorySync:MaxBatchRows rows and MaxBatchBytes bytes.",
                    Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType>
                    {
                        ["application/x-ndjson"] = new() { Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String } },
                        ["text/csv"] = new() { Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String } },
                    },
                };
                return Task.CompletedTask;
            })
            .Produces<BatchAnswer>(StatusCodes.Status200OK)
            .Produces<ErrorAnswer>(StatusCodes.Status400BadRequest)
            .Produces<ErrorAnswer>(StatusCodes.Status401Unauthorized)
            .Produces<ErrorAnswer>(StatusCodes.Status403Forbidden)
            .Produces<ErrorAnswer>(StatusCodes.Status409Conflict)
            .Produces<ErrorAnswer>(StatusCodes.Status413PayloadTooLarge)
            .Produces<ErrorAnswer>(StatusCodes.Status415UnsupportedMediaType)
            .Produces<RefusedAnswer>(StatusCodes.Status422UnprocessableEntity);

        group.MapGet(Batch, DirectorySyncReadEndpoints.BatchAsync)
            .WithName("GetDirectoryBatch")
            .WithSummary("The stored outcome of one batch")
            .Produces<BatchAnswer>(StatusCodes.Status200OK)
            .Produces<ErrorAnswer>(StatusCodes.Status404NotFound);

        group.MapGet(Batches, DirectorySyncReadEndpoints.BatchesAsync)
            .WithName("ListDirectoryBatches")
            .WithSummary("The region's last batches, newest first (limit 1..100, default 20)")
            .Produces<BatchList>(StatusCodes.Status200OK);

        group.MapGet(Account, DirectorySyncReadEndpoints.AccountAsync)
            .WithName("GetDiaryAccountSyncState")
            .WithSummary("What the broker holds for one diary account: flags, counts and times, no personal data")
            .Produces<DiaryAccountSyncState>(StatusCodes.Status200OK);

        group.MapGet(Counts, DirectorySyncReadEndpoints.CountsAsync)
            .WithName("GetDirectoryCounts")
            .WithSummary("Counts of the region's directory and batches")
            .Produces<DirectoryCounts>(StatusCodes.Status200OK);

        routes.MapOpenApi(OpenApiPath);
    }

    /// <summary>Authorises the caller for <paramref name="region"/>: a directory token of exactly that region.</summary>
    internal static async Task<(StaffCaller? Caller, IResult? Failure)> AuthorizeAsync(HttpContext context, string region, CancellationToken cancellationToken)
    {
        var authorizer = context.RequestServices.GetRequiredService<StaffTokenAuthorizer>();
        var (caller, failure) = await authorizer.AuthorizeAsync(context, context.Request.Path.Value ?? string.Empty, Scope, cancellationToken);
        if (caller is null)
        {
            return (null, failure);
        }

        if (!string.Equals(caller.RegionCode, region, StringComparison.Ordinal))
        {
            var logger = context.RequestServices.GetRequiredService<ILogger<DirectorySyncLimits>>();
            Log.ForbiddenRegion(logger, caller.ClientId, caller.RegionCode, region.Length <= 8 ? region : region[..8]);
            await context.RequestServices.GetRequiredService<Core.Stores.IAuditLog>().RecordAsync(
                new Core.Stores.AuditRecord(
                    context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(), DirectoryAuditEvents.Change, caller.RegionCode, caller.ClientId,
                    "forbidden_region", null, null, null, null, $"{context.Request.Method} for another region"),
                cancellationToken);
            return (null, StaffTokenAuthorizer.WrongRegion(caller, Scope));
        }

        return (caller, null);
    }
}

/// <summary>The answer to a batch: its status (<c>applied</c> now, or <c>replayed</c> from the store) and outcome.</summary>
internal sealed record BatchAnswer(string Status, DirectorySyncOutcome Batch);

/// <summary>A list of batches, newest first.</summary>
internal sealed record BatchList(string RegionCode, IReadOnlyList<DirectorySyncOutcome> Batches);

/// <summary>An atomic batch refused for its rejected rows: nothing was written.</summary>
internal sealed record RefusedAnswer(string Error, [property: JsonPropertyName(OpenIdConnectParameterNames.ErrorDescription)] string ErrorDescription, IReadOnlyList<RejectedRow> Rejected);

/// <summary>An error: a code and a sentence naming the field and the fix.</summary>
internal sealed record ErrorAnswer(string Error, [property: JsonPropertyName(OpenIdConnectParameterNames.ErrorDescription)] string ErrorDescription);
