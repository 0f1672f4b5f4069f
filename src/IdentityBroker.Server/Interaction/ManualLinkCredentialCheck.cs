using IdentityBroker.Core.Directory;
using IdentityBroker.Core.Privacy;
using IdentityBroker.Core.SignIn;
using IdentityBroker.Core.SignIn.Rules;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Configuration;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// Checks a diary login and password typed by a person, for manual linking (R-MATCH-6) and the password fallback
/// (R-REGION-3). In order:
/// <list type="number">
/// <item>attempts are counted BEFORE the password is checked (<see cref="ILinkAttemptStore.TryBeginAsync"/>, one atomic
/// statement per key, so parallel requests cannot slip past a delay), per ESIA person <c>person:{esiaSubjectHash}</c>,
/// per typed login <c>login:{region}:{keyed hash}</c> and per diary account <c>account:{region}:{id}</c>; a delayed key
/// stops here without checking anything;</item>
/// <item>the password is verified (<see cref="DiaryPasswordHash"/>); an unknown login or an account without a hash is
/// verified against a dummy hash, so the answer takes as long and says nothing about whether the login exists;</item>
/// <item>the account must be one the caller allows (the name-matched candidates of R-MATCH-6) — otherwise the same
/// neutral "wrong login or password" — and usable (R-MATCH-8).</item>
/// </list>
/// Every attempt is audited (<see cref="AuditEventTypes.ManualLinkAttempt"/>); neither the login nor the password is
/// audited or logged.
/// </summary>
internal sealed class ManualLinkCredentialCheck(
    ILinkAttemptStore attempts,
    IDiaryDirectory directory,
    PersonalDataHasher hasher,
    IAuditLog audit,
    IOptions<BrokerOptions> options,
    TimeProvider time,
    ILogger<ManualLinkCredentialCheck> logger)
{
    /// <summary>The longest login accepted (diary logins are short; anything longer is not looked up).</summary>
    public const int MaxLoginLength = 256;

    /// <summary>The longest password accepted (PBKDF2 hashes long inputs first; this only bounds the work per request).</summary>
    public const int MaxPasswordLength = 1024;

    private static readonly Lazy<string> DummyHash = new(() => DiaryPasswordHash.Create(Guid.NewGuid().ToString("N")));

    /// <param name="attempt">Who tries, for which sign-in, under which rule.</param>
    /// <param name="allowedAccountIds">The accounts this proof may reach; null: any account of the region (password fallback).</param>
    public async Task<CredentialCheckResult> CheckAsync(
        CredentialAttempt attempt, string login, string password, IReadOnlyCollection<string>? allowedAccountIds, CancellationToken cancellationToken)
    {
        var region = attempt.Request.RegionCode;
        var now = time.GetUtcNow();
        login = login.Trim();
        var credentials = login.Length is > 0 and <= MaxLoginLength
            ? await directory.FindCredentialsByLoginAsync(region, login, cancellationToken)
            : null;

        // (1) Count the attempt on every key before anything is verified; the first delayed key stops the attempt.
        var keys = AttemptKeys(attempt, region, login, credentials);
        var policy = options.Value.ManualLink.ToPolicy();
        foreach (var key in keys)
        {
            var gate = await attempts.TryBeginAsync(key, time.GetUtcNow(), policy, cancellationToken);
            if (!gate.Allowed && gate.RetryAt is { } past && past <= time.GetUtcNow())
            {
                // A parallel attempt read the clock later but reached the row first: not a delay, try again with a fresh clock.
                gate = await attempts.TryBeginAsync(key, time.GetUtcNow(), policy, cancellationToken);
            }

            if (!gate.Allowed)
            {
                var retryAt = gate.RetryAt ?? now + policy.BaseDelay;
                await RecordAsync(attempt, CredentialOutcome.Delayed, credentials?.AccountId, $"retry_at={retryAt:O}", cancellationToken);
                return new CredentialCheckResult(CredentialOutcome.Delayed, null, retryAt);
            }
        }

        // (2) Verify, in the same time whether or not the login exists.
        var hash = credentials?.PasswordHash;
        var acceptable = password.Length <= MaxPasswordLength;
        var verified = DiaryPasswordHash.Verify(hash ?? DummyHash.Value, acceptable ? password : string.Empty) && hash is not null && acceptable;

        // (3) Only an allowed, existing account; the same answer for every failure.
        var account = verified && (allowedAccountIds is null || allowedAccountIds.Contains(credentials!.AccountId, StringComparer.Ordinal))
            ? await directory.GetAsync(region, credentials!.AccountId, cancellationToken)
            : null;
        if (account is null)
        {
            await RecordAsync(attempt, CredentialOutcome.WrongCredentials, credentials?.AccountId, null, cancellationToken);
            return new CredentialCheckResult(CredentialOutcome.WrongCredentials, null, null);
        }

        // Ownership is proven: forget the failures of every key.
        foreach (var key in keys)
        {
            await attempts.ClearAsync(key, cancellationToken);
        }

        if (!AccountStatusRule.IsUsable(account))
        {
            await RecordAsync(attempt, CredentialOutcome.AccountInactive, account.Id, null, cancellationToken);
            return new CredentialCheckResult(CredentialOutcome.AccountInactive, account, null);
        }

        await RecordAsync(attempt, CredentialOutcome.Success, account.Id, null, cancellationToken);
        return new CredentialCheckResult(CredentialOutcome.Success, account, null);
    }

    /// <summary>Attempt-limiter keys (no personal data: keyed hashes and diary ids only).</summary>
    private List<string> AttemptKeys(CredentialAttempt attempt, string region, string login, DiaryCredentials? credentials)
    {
        var keys = new List<string>(3);
        if (!string.IsNullOrEmpty(attempt.EsiaSubjectHash))
        {
            keys.Add("person:" + attempt.EsiaSubjectHash);
        }

        keys.Add($"login:{region}:{hasher.HashLogin(region, login)}");
        if (credentials is not null)
        {
            keys.Add($"account:{region}:{credentials.AccountId}");
        }

        return keys;
    }

    private async Task RecordAsync(CredentialAttempt attempt, CredentialOutcome outcome, string? accountId, string? detail, CancellationToken cancellationToken)
    {
        var text = OutcomeText(outcome);
        Log.CredentialAttempt(logger, attempt.Request.RegionCode, attempt.Request.ClientId, attempt.RuleId, text, accountId);
        await audit.RecordAsync(AuditRecord.CredentialAttempt(
            time.GetUtcNow(), attempt.Request.RegionCode, attempt.Request.ClientId, text, attempt.RuleId,
            accountId, string.IsNullOrEmpty(attempt.EsiaSubjectHash) ? null : attempt.EsiaSubjectHash, attempt.ReferenceNumber,
            detail is null ? attempt.Kind : attempt.Kind + " " + detail), cancellationToken);
    }

    public static string OutcomeText(CredentialOutcome outcome) => outcome switch
    {
        CredentialOutcome.Success => AuditOutcomes.Success,
        CredentialOutcome.WrongCredentials => AuditOutcomes.WrongCredentials,
        CredentialOutcome.Delayed => AuditOutcomes.Delayed,
        CredentialOutcome.AccountInactive => ReasonCodes.AccountInactive,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };
}

/// <summary>Who tries a diary password, for which sign-in.</summary>
/// <param name="EsiaSubjectHash">The ESIA person (manual linking); null for the password fallback (no ESIA person).</param>
/// <param name="RuleId">R-MATCH-6 (manual linking) or R-REGION-3 (password fallback).</param>
/// <param name="Kind">Audit detail: "manual_link" or "password_fallback".</param>
internal sealed record CredentialAttempt(
    Core.Protocol.AuthorizationRequest Request, string? EsiaSubjectHash, string RuleId, string Kind, string ReferenceNumber);

internal enum CredentialOutcome
{
    Success,
    WrongCredentials,
    Delayed,
    AccountInactive,
}

/// <param name="Account">The proven account (success, or inactive).</param>
/// <param name="RetryAt">When a delayed attempt may be repeated.</param>
internal sealed record CredentialCheckResult(CredentialOutcome Outcome, DiaryAccount? Account, DateTimeOffset? RetryAt);
