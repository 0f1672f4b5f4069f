using System.Text.RegularExpressions;
using IdentityBroker.Core.Privacy;
using IdentityBroker.Server.Protocol;
using IdentityBroker.Server.Protocol.Responses;
using IdentityBroker.Store.Directory;

namespace IdentityBroker.Server.Admin.DirectorySync;

/// <summary>
/// <c>PUT /admin/directory/{region}/batches/{batchId}</c>: applies a batch of rows in the import's format through
/// <see cref="DirectorySyncBatches"/> — one transaction, idempotent by batch id, every change audited with the batch id,
/// removals and deactivations exactly as the file import does them (R-MATCH-7/8). The body is read whole under
/// <see cref="DirectorySyncLimits.MaxBatchBytes"/>, counted against <see cref="DirectorySyncLimits.MaxBatchRows"/>;
/// anything refused as a whole writes nothing.
/// </summary>
internal static partial class PushBatchEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, string region, string batchId, DirectorySyncLimits limits, CancellationToken cancellationToken)
    {
        var (caller, failure) = await DirectorySyncEndpoints.AuthorizeAsync(context, region, cancellationToken);
        if (caller is null)
        {
            return failure!;
        }

        var services = context.RequestServices;
        var logger = services.GetRequiredService<ILogger<DirectorySyncLimits>>();
        IResult Refuse(string error, string description, int status)
        {
            Log.BatchRefused(logger, BatchIdPattern().IsMatch(batchId) ? batchId : "(invalid)", caller.ClientId, caller.RegionCode, error);
            return OAuthErrorResult.Create(error, description, status);
        }

        if (!BatchIdPattern().IsMatch(batchId))
        {
            return Refuse("invalid_batch_id", "batchId must be 1–100 characters of A–Z, a–z, 0–9, '.', '_', ':' or '-', starting with a letter or digit; choose one id per batch and reuse it only to retry that batch.", StatusCodes.Status400BadRequest);
        }

        if (Format(context.Request.ContentType) is not { } format)
        {
            return Refuse("unsupported_media_type", "Content-Type must be application/x-ndjson (JSON Lines) or text/csv, the rows in the import's format (FORMATS.md).", StatusCodes.Status415UnsupportedMediaType);
        }

        var atomicText = context.Request.Query["atomic"].ToString();
        if (atomicText is not ("" or "true" or "false"))
        {
            return Refuse(OAuthErrors.InvalidRequest, "atomic must be true or false (true: any rejected row refuses the whole batch).", StatusCodes.Status400BadRequest);
        }

        if (await BoundedBody.ReadAsync(context.Request, limits.MaxBatchBytes, cancellationToken) is not { } body)
        {
            return Refuse("batch_too_large", $"The body is larger than {limits.MaxBatchBytes} bytes (IdentityBroker:DirectorySync:MaxBatchBytes); nothing was written. Split it into smaller batches.", StatusCodes.Status413PayloadTooLarge);
        }

        if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return Refuse(OAuthErrors.InvalidRequest, "The body is empty: send at least one row (FORMATS.md).", StatusCodes.Status400BadRequest);
        }

        var batch = new DirectorySyncBatch(caller.RegionCode, batchId, caller.ClientId, format, body, limits.MaxBatchRows, atomicText == "true");
        DirectorySyncResult result;
        try
        {
            result = await services.GetRequiredService<DirectorySyncBatches>().ApplyAsync(batch, services.GetRequiredService<PersonalDataHasher>(), cancellationToken);
        }
        catch (DirectoryBatchTooLargeException ex)
        {
            return Refuse("batch_too_large", $"The batch has more than {ex.MaxRows} rows (IdentityBroker:DirectorySync:MaxBatchRows); nothing was written. Split it into batches of at most {ex.MaxRows} rows.", StatusCodes.Status413PayloadTooLarge);
        }
        catch (InvalidDataException ex)
        {
            return Refuse("invalid_batch", $"The batch cannot be read as a whole: {ex.Message}. Nothing was written; fix the body (UTF-8, FORMATS.md) and send it again under the same batch id.", StatusCodes.Status400BadRequest);
        }

        return result.Status switch
        {
            DirectorySyncStatus.Applied => new JsonNoStore(new BatchAnswer("applied", result.Outcome!)),
            DirectorySyncStatus.Replayed => new JsonNoStore(new BatchAnswer("replayed", result.Outcome!)),
            DirectorySyncStatus.Conflict => Refuse("batch_id_reused", $"Batch id {batchId} was applied at {result.Outcome!.ReceivedAt:O} with another body; nothing was changed. Send new changes under a new batch id (a retry must repeat the body byte for byte).", StatusCodes.Status409Conflict),
            _ => new JsonNoStore(
                new RefusedAnswer("rows_rejected", $"{result.Rejected.Count} rows were rejected and the batch is atomic; nothing was written and batch id {batchId} is still unused. Fix the rows and send the batch again.", result.Rejected),
                StatusCodes.Status422UnprocessableEntity),
        };
    }

    /// <summary>JSON Lines or CSV by the media type; charset must be UTF-8 when given.</summary>
    private static DirectoryFileFormat? Format(string? contentType)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return null;
        }

        if (media.Charset.HasValue && !media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return media.MediaType.Value?.ToLowerInvariant() switch
        {
            "application/x-ndjson" or "application/jsonl" or "application/jsonlines" => DirectoryFileFormat.JsonLines,
            "text/csv" => DirectoryFileFormat.Csv,
            _ => null,
        };
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$")]
    private static partial Regex BatchIdPattern();
}
