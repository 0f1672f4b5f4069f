using IdentityBroker.Core.Privacy;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Protocol;
using IdentityBroker.Server.Protocol.Responses;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IdentityBroker.Server.Admin;

/// <summary>
/// <c>POST /admin/diagnostics/attempts</c> (R-ERR-1): school staff look a person up — by SNILS, by name and birth date,
/// or by the reference number the person was shown — and see the person's recent sign-in attempts with the rule that
/// decided each, without seeing other people's data. The lookup uses only the keyed hashes stored on the audit records
/// (the audit holds no SNILS, names or birth dates), stays inside the caller's region, and is itself audited without
/// personal data. Authorisation: <see cref="StaffTokenAuthorizer"/>. Format: docs/diagnostics.md.
/// </summary>
internal static class DiagnosticsAttemptsEndpoint
{
    /// <summary>How far back "recent" reaches, and how many records at most.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(90);

    public const int MaxAttempts = 50;

    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost(AdminRoutes.DiagnosticsAttempts, HandleAsync).DisableAntiforgery(); // no cookies: bearer tokens only

    private static async Task<IResult> HandleAsync(
        HttpContext context, StaffTokenAuthorizer authorizer, IAuditLog audit, IDiaryDirectory directory, PersonalDataHasher hasher, TimeProvider time,
        ILogger<DiagnosticsLookup> logger, CancellationToken cancellationToken)
    {
        var (caller, failure) = await authorizer.AuthorizeAsync(context, AdminRoutes.DiagnosticsAttempts, cancellationToken);
        if (caller is null)
        {
            return failure!;
        }

        var now = time.GetUtcNow();
        var (query, error) = await DiagnosticsQueryParser.ReadAsync(context.Request, cancellationToken);
        if (query is null)
        {
            await RecordAsync(audit, now, caller, OAuthErrors.InvalidRequest, "unparsed", 0, cancellationToken);
            return OAuthErrorResult.Create(OAuthErrors.InvalidRequest, error!);
        }

        if (query.RegionCode != caller.RegionCode)
        {
            await RecordAsync(audit, now, caller, "forbidden_region", query.Kind, 0, cancellationToken);
            Log.LookupForbidden(logger, caller.ClientId, caller.RegionCode, query.Kind);
            return StaffTokenAuthorizer.WrongRegion(caller);
        }

        var lookup = new DiagnosticsLookup(audit, hasher);
        var attempts = await lookup.FindAsync(query, now - Window, MaxAttempts, cancellationToken);
        await RecordAsync(audit, now, caller, attempts is null ? "not_found" : "success", query.Kind, attempts?.Count ?? 0, cancellationToken);
        Log.Lookup(logger, caller.ClientId, caller.RegionCode, query.Kind, attempts?.Count ?? 0);
        if (attempts is null)
        {
            return new JsonNoStore(
                new Dictionary<string, string> { [OpenIdConnectParameterNames.Error] = "not_found", [OpenIdConnectParameterNames.ErrorDescription] = $"No sign-in attempt with this reference number in region {caller.RegionCode}." },
                StatusCodes.Status404NotFound);
        }

        var mixedScripts = await new DirectoryNameCheck(directory, hasher).MixedScriptAccountsAsync(query, attempts, cancellationToken);
        return new JsonNoStore(new DiagnosticsResponse(caller.RegionCode, query.Kind, attempts.Select(AttemptView.From).ToList(), mixedScripts));
    }

    /// <summary>The lookup in the audit: the lookup kind and how many records, never the person (R-ERR-1).</summary>
    private static Task RecordAsync(IAuditLog audit, DateTimeOffset now, StaffCaller caller, string outcome, string kind, int count, CancellationToken cancellationToken) =>
        audit.RecordAsync(
            AuditRecord.DiagnosticsLookup(now, caller.RegionCode, caller.ClientId, outcome, $"by {kind}; {count} records"),
            cancellationToken);
}

/// <summary>
/// The answer: the region, how the person was found, their attempts, newest first, and the person's diary accounts whose
/// name mixes Cyrillic and Latin letters (<see cref="DirectoryNameCheck"/>; ids only, usually empty).
/// </summary>
internal sealed record DiagnosticsResponse(string RegionCode, string Lookup, IReadOnlyList<AttemptView> Attempts, IReadOnlyList<string> MixedScriptAccounts);

/// <summary>One audited attempt as staff see it: no ESIA ids, no hashes, nothing personal.</summary>
internal sealed record AttemptView(
    DateTimeOffset At, string? ClientId, string Event, string Outcome, string? RuleId, string? ReferenceNumber, string? DiaryAccountId)
{
    public static AttemptView From(AuditRecord r) => new(r.At, r.ClientId, r.EventType, r.Outcome, r.RuleId, r.ReferenceNumber, r.DiaryAccountId);
}
