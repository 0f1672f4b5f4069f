using IdentityBroker.Server.Protocol;
using IdentityBroker.Server.Protocol.Responses;
using IdentityBroker.Store.Directory;

namespace IdentityBroker.Server.Admin.DirectorySync;

/// <summary>The read side of the directory sync API: one batch, the last batches, one account's sync state, the counts.
/// Same authorisation as the push; nothing personal is returned (flags and counts only).</summary>
internal static class DirectorySyncReadEndpoints
{
    public const int MaxListed = 100;

    public static async Task<IResult> BatchAsync(HttpContext context, string region, string batchId, DirectorySyncBatches batches, CancellationToken cancellationToken)
    {
        var (caller, failure) = await DirectorySyncEndpoints.AuthorizeAsync(context, region, cancellationToken);
        if (caller is null)
        {
            return failure!;
        }

        return await batches.GetAsync(caller.RegionCode, batchId, cancellationToken) is { } outcome
            ? new JsonNoStore(new BatchAnswer("applied", outcome))
            : OAuthErrorResult.Create("not_found", $"No batch with this id was applied in region {caller.RegionCode}.", StatusCodes.Status404NotFound);
    }

    public static async Task<IResult> BatchesAsync(HttpContext context, string region, string? limit, DirectorySyncBatches batches, CancellationToken cancellationToken)
    {
        var (caller, failure) = await DirectorySyncEndpoints.AuthorizeAsync(context, region, cancellationToken);
        if (caller is null)
        {
            return failure!;
        }

        var count = 20;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxListed))
        {
            return OAuthErrorResult.Create(OAuthErrors.InvalidRequest, $"limit must be a whole number from 1 to {MaxListed}.");
        }

        return new JsonNoStore(new BatchList(caller.RegionCode, await batches.ListAsync(caller.RegionCode, count, cancellationToken)));
    }

    public static async Task<IResult> AccountAsync(HttpContext context, string region, string accountId, DirectorySyncState state, CancellationToken cancellationToken)
    {
        var (caller, failure) = await DirectorySyncEndpoints.AuthorizeAsync(context, region, cancellationToken);
        if (caller is null)
        {
            return failure!;
        }

        return new JsonNoStore(await state.GetAccountAsync(caller.RegionCode, accountId, cancellationToken));
    }

    public static async Task<IResult> CountsAsync(HttpContext context, string region, DirectorySyncState state, CancellationToken cancellationToken)
    {
        var (caller, failure) = await DirectorySyncEndpoints.AuthorizeAsync(context, region, cancellationToken);
        if (caller is null)
        {
            return failure!;
        }

        return new JsonNoStore(await state.CountAsync(caller.RegionCode, cancellationToken));
    }
}
