using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Entities;
using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store.Tests;

/// <summary>
/// The token endpoint's one-statement grants (issue #11): <see cref="IRefreshTokenStore.TryRotateAsync"/> and
/// <see cref="IAuthorizationCodeStore.TryRedeemAsync"/> spend only what the general path would accept, write the successor
/// or refresh family and the audit record in the same statement, write nothing otherwise, and read the account as it is
/// at the grant (a deactivation or a removed child shows at the next grant: the bound is zero).
/// </summary>
public sealed class RefreshAndCodeOneStatementTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private StoreTestDatabase _database = null!;
    private IRefreshTokenStore _refresh = null!;
    private IAuthorizationCodeStore _codes = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _database = await StoreTestDatabase.CreateAsync("onestatement");
        _refresh = _database.Get<IRefreshTokenStore>();
        _codes = _database.Get<IAuthorizationCodeStore>();
    }

    [OneTimeTearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    [Test]
    public async Task TryRotateAsync_UsableToken_SpentSuccessorInFamilyAuditedAccountWithChildren()
    {
        var subject = await AccountAsync(children: ["k-2", "k-1"]);
        var token = await TokenAsync(subject);

        var rotated = await RotateAsync(token, "client-a", jkt: null, out var successorHash);

        Assert.That(rotated, Is.Not.Null);
        Assert.That(rotated!.Token with { Amr = token.Amr }, Is.EqualTo(token));
        Assert.That(rotated.Account.Id, Is.EqualTo(subject));
        Assert.That(rotated.Account.ChildIds, Is.EqualTo(new[] { "k-1", "k-2" }));
        Assert.That(rotated.Account.Schools.Select(s => s.Id), Is.EqualTo(new[] { "38-s-001" }));
        Assert.That(await _refresh.FindAsync(token.TokenHash, Now, CancellationToken.None), Is.Null, "the presented token is spent");
        var stored = await _refresh.FindAsync(successorHash, Now, CancellationToken.None);
        Assert.That(stored?.FamilyId, Is.EqualTo(token.FamilyId));
        Assert.That(stored?.ExpiresAt, Is.EqualTo(token.ExpiresAt), "rotation never extends the family");
        Assert.That(stored?.Amr, Is.EqualTo(token.Amr));
        Assert.That(await AuditCountAsync(subject), Is.EqualTo(1));

        // the general path sees the rotation as a first use: a replay inside the grace gets the same successor
        var replay = await _refresh.UseAsync(token.TokenHash, Now.AddSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10), token with { TokenHash = "x" }, [1], CancellationToken.None);
        Assert.That(replay.Status, Is.EqualTo(RefreshUseStatus.GraceReplay));
        Assert.That(replay.Successor?.TokenHash, Is.EqualTo(successorHash));
    }

    [TestCase("client-b", "jkt-1", true, TestName = "TryRotateAsync_AnotherClient_NothingWritten")]
    [TestCase("client-a", "jkt-other", true, TestName = "TryRotateAsync_AnotherDpopKey_NothingWritten")]
    [TestCase("client-a", null, true, TestName = "TryRotateAsync_BoundTokenWithoutProof_NothingWritten")]
    public async Task TryRotateAsync_BindingMismatch_NothingWrittenTokenStillUsable(string clientId, string? jkt, bool bound)
    {
        var subject = await AccountAsync();
        var token = await TokenAsync(subject, dpopJkt: bound ? "jkt-1" : null);

        Assert.That(await RotateAsync(token, clientId, jkt, out _), Is.Null);

        Assert.That(await _refresh.FindAsync(token.TokenHash, Now, CancellationToken.None), Is.Not.Null);
        Assert.That(await AuditCountAsync(subject), Is.Zero);
    }

    [Test]
    public async Task TryRotateAsync_UnboundTokenOfPublicClientWithProof_SuccessorBoundToTheKey()
    {
        var token = await TokenAsync(await AccountAsync());

        var rotated = await RotateAsync(token, "client-a", "jkt-new", out var successorHash, successorJkt: "jkt-new");

        Assert.That(rotated?.Successor.DpopJkt, Is.EqualTo("jkt-new"));
        Assert.That((await _refresh.FindAsync(successorHash, Now, CancellationToken.None))?.DpopJkt, Is.EqualTo("jkt-new"));
    }

    [Test]
    public async Task TryRotateAsync_ScopeNotCovered_NothingWritten_SubsetRotates()
    {
        var token = await TokenAsync(await AccountAsync());

        Assert.That(await RotateAsync(token, "client-a", null, out _, scopes: ["openid", "admin"]), Is.Null);
        Assert.That(await RotateAsync(token, "client-a", null, out _, scopes: ["openid"]), Is.Not.Null);
    }

    [TestCase(false, "[{\"id\":\"38-s-001\",\"name\":\"School\"}]", TestName = "TryRotateAsync_Rmatch8_DeactivatedAccount_NothingWritten")]
    [TestCase(true, "[]", TestName = "TryRotateAsync_Rmatch8_AccountWithoutSchool_NothingWritten")]
    public async Task TryRotateAsync_UnusableAccount_NothingWritten(bool activated, string schools)
    {
        var subject = await AccountAsync();
        var token = await TokenAsync(subject);
        await using (var db = _database.CreateContext())
        {
            await db.DiaryAccounts.Where(a => a.Id == subject).ExecuteUpdateAsync(s => s.SetProperty(a => a.Activated, activated).SetProperty(a => a.Schools, schools));
        }

        Assert.That(await RotateAsync(token, "client-a", null, out _), Is.Null);
        Assert.That(await _refresh.FindAsync(token.TokenHash, Now, CancellationToken.None), Is.Not.Null);
    }

    [Test]
    public async Task TryRotateAsync_RemovedAccount_NothingWritten()
    {
        var subject = await AccountAsync();
        var token = await TokenAsync(subject);
        await using (var db = _database.CreateContext())
        {
            await db.DiaryAccounts.Where(a => a.Id == subject).ExecuteDeleteAsync();
        }

        Assert.That(await RotateAsync(token, "client-a", null, out _), Is.Null);
    }

    [Test]
    public async Task TryRotateAsync_ChildRemovedBetweenGrants_NextGrantHasNoChild()
    {
        var subject = await AccountAsync(children: ["k-1", "k-2"]);
        var token = await TokenAsync(subject);
        var first = await RotateAsync(token, "client-a", null, out var successorHash);
        await using (var db = _database.CreateContext())
        {
            await db.DiaryRelations.Where(r => r.ParentId == subject && r.ChildId == "k-1").ExecuteDeleteAsync();
        }

        var second = await RotateAsync(token with { TokenHash = successorHash }, "client-a", null, out _);

        Assert.That(first?.Account.ChildIds, Is.EqualTo(new[] { "k-1", "k-2" }));
        Assert.That(second?.Account.ChildIds, Is.EqualTo(new[] { "k-2" }));
    }

    [Test]
    public async Task TryRotateAsync_ThirtyConcurrent_ExactlyOneSpendsOneSuccessor()
    {
        var subject = await AccountAsync();
        var token = await TokenAsync(subject);

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() => RotateAsync(token, "client-a", null, out _))));

        Assert.That(results.Count(r => r is not null), Is.EqualTo(1));
        await using var db = _database.CreateContext();
        Assert.That(await db.RefreshTokens.CountAsync(t => t.FamilyId == token.FamilyId), Is.EqualTo(2));
        Assert.That(await AuditCountAsync(subject), Is.EqualTo(1));
    }

    [Test]
    public async Task TryRedeemAsync_BoundCodeWithOfflineAccess_ConsumedIssuedRecordedFamilyStartedAudited()
    {
        var subject = await AccountAsync(children: ["k-1"]);
        var grant = await CodeAsync(subject, "openid diary offline_access");

        var redeemed = await _codes.TryRedeemAsync(Redemption(grant), CancellationToken.None);

        Assert.That(redeemed, Is.Not.Null);
        Assert.That(redeemed!.Grant with { Amr = grant.Amr }, Is.EqualTo(grant));
        Assert.That(redeemed.RefreshFamilyId, Is.EqualTo("family-" + grant.CodeHash));
        Assert.That(redeemed.Account.ChildIds, Is.EqualTo(new[] { "k-1" }));
        var family = await _refresh.FindAsync("rt-" + grant.CodeHash, Now, CancellationToken.None);
        Assert.That(family?.FamilyId, Is.EqualTo(redeemed.RefreshFamilyId));
        Assert.That(family?.ExpiresAt, Is.EqualTo(grant.AuthTime + TimeSpan.FromDays(30)));
        Assert.That(family?.Scope, Is.EqualTo(grant.Scope));
        Assert.That(await AuditCountAsync(subject), Is.EqualTo(1));

        // RFC 6749 §4.1.2: a replay sees what the redemption issued, from the same commit on
        var replay = await _codes.ConsumeAsync(grant.CodeHash, Now.AddSeconds(5), CancellationToken.None);
        Assert.That(replay.Status, Is.EqualTo(CodeConsumeStatus.AlreadyConsumed));
        Assert.That(replay.Issued, Is.EqualTo(new IssuedFromCode("jti-" + grant.CodeHash, Now.AddMinutes(15), redeemed.RefreshFamilyId)));
        Assert.That(await _codes.TryRedeemAsync(Redemption(grant), CancellationToken.None), Is.Null, "single use");
    }

    [TestCase(false, "openid diary offline_access", TestName = "TryRedeemAsync_ClientWithoutRefreshGrant_NoFamily")]
    [TestCase(true, "openid diary", TestName = "TryRedeemAsync_NoOfflineAccess_NoFamily")]
    public async Task TryRedeemAsync_NoFamily(bool refreshAllowed, string scope)
    {
        var grant = await CodeAsync(await AccountAsync(), scope);

        var redeemed = await _codes.TryRedeemAsync(Redemption(grant) with { RefreshAllowed = refreshAllowed }, CancellationToken.None);

        Assert.That(redeemed?.RefreshFamilyId, Is.Null);
        Assert.That(await _refresh.FindAsync("rt-" + grant.CodeHash, Now, CancellationToken.None), Is.Null);
        var replay = await _codes.ConsumeAsync(grant.CodeHash, Now, CancellationToken.None);
        Assert.That(replay.Issued?.RefreshFamilyId, Is.Null);
        Assert.That(replay.Issued?.AccessTokenJti, Is.EqualTo("jti-" + grant.CodeHash));
    }

    [TestCase("client-b", null, null, TestName = "TryRedeemAsync_AnotherClient_NotConsumed")]
    [TestCase(null, "https://evil.example/cb", null, TestName = "TryRedeemAsync_AnotherRedirectUri_NotConsumed")]
    [TestCase(null, null, "wrong-challenge", TestName = "TryRedeemAsync_WrongPkceVerifier_NotConsumed")]
    [TestCase(null, null, "", TestName = "TryRedeemAsync_NoPkceVerifier_NotConsumed")]
    public async Task TryRedeemAsync_BindingMismatch_NothingWritten(string? clientId, string? redirectUri, string? challenge)
    {
        var subject = await AccountAsync();
        var grant = await CodeAsync(subject, "openid offline_access");
        var redemption = Redemption(grant) with
        {
            ClientId = clientId ?? grant.ClientId,
            RedirectUri = redirectUri ?? grant.RedirectUri,
            CodeChallenge = challenge is null ? grant.CodeChallenge : challenge.Length == 0 ? null : challenge,
        };

        Assert.That(await _codes.TryRedeemAsync(redemption, CancellationToken.None), Is.Null);

        Assert.That(await AuditCountAsync(subject), Is.Zero);
        Assert.That((await _codes.ConsumeAsync(grant.CodeHash, Now, CancellationToken.None)).Status, Is.EqualTo(CodeConsumeStatus.Consumed), "still unconsumed");
    }

    [Test]
    public async Task TryRedeemAsync_Rmatch8_DeactivatedAccount_NotConsumed()
    {
        var subject = await AccountAsync(activated: false);
        var grant = await CodeAsync(subject, "openid");

        Assert.That(await _codes.TryRedeemAsync(Redemption(grant), CancellationToken.None), Is.Null);
        Assert.That((await _codes.ConsumeAsync(grant.CodeHash, Now, CancellationToken.None)).Status, Is.EqualTo(CodeConsumeStatus.Consumed));
    }

    [Test]
    public async Task TryRedeemAsync_ThirtyConcurrent_ExactlyOne()
    {
        var grant = await CodeAsync(await AccountAsync(), "openid offline_access");

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Task.Run(() => _codes.TryRedeemAsync(Redemption(grant), CancellationToken.None))));

        Assert.That(results.Count(r => r is not null), Is.EqualTo(1));
    }

    private Task<RefreshRotated?> RotateAsync(RefreshTokenRecord token, string clientId, string? jkt, out string successorHash, string? successorJkt = null, IReadOnlyList<string>? scopes = null)
    {
        successorHash = Guid.NewGuid().ToString("N");
        return _refresh.TryRotateAsync(
            new RefreshRotation(token.TokenHash, Now, clientId, jkt, successorJkt, scopes, successorHash, [1, 2, 3], "refresh_token"), CancellationToken.None);
    }

    private static CodeRedemption Redemption(AuthorizationCodeGrant grant) => new(
        grant.CodeHash, Now, grant.ClientId, grant.RedirectUri, grant.CodeChallenge, null, "jti-" + grant.CodeHash, Now.AddMinutes(15),
        Now.AddHours(1), true, "family-" + grant.CodeHash, "rt-" + grant.CodeHash, null, TimeSpan.FromDays(30),
        "authorization_code", "authorization_code+refresh_token");

    private async Task<string> AccountAsync(string[]? children = null, bool activated = true)
    {
        var id = "a-" + Guid.NewGuid().ToString("N");
        await using var db = _database.CreateContext();
        db.DiaryAccounts.Add(new DiaryAccountEntity
        {
            RegionCode = "38", Id = id, Login = id, LastName = "Петров", FirstName = "Иван", NormalizedName = "петров иван",
            Roles = ["parent"], Schools = """[{"id":"38-s-001","name":"МБОУ СОШ № 1"}]""", Activated = activated, ImportedAt = Now, UpdatedAt = Now,
        });
        db.DiaryRelations.AddRange((children ?? []).Select(c => new DiaryRelationEntity { RegionCode = "38", ParentId = id, ChildId = c }));
        await db.SaveChangesAsync();
        return id;
    }

    private async Task<RefreshTokenRecord> TokenAsync(string subject, string? dpopJkt = null)
    {
        var token = new RefreshTokenRecord(
            Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), "client-a", subject, "38", "openid diary offline_access",
            "sid-" + Guid.NewGuid().ToString("N"), Now.AddMinutes(-5), "urn:esia:loa:2", ["pwd"], dpopJkt, Now.AddMinutes(-1), Now.AddDays(30));
        await _refresh.CreateAsync(token, CancellationToken.None);
        return token;
    }

    private async Task<AuthorizationCodeGrant> CodeAsync(string subject, string scope)
    {
        var grant = new AuthorizationCodeGrant(
            Guid.NewGuid().ToString("N"), "client-a", "https://diary.example/cb", subject, "38", scope, "nonce-1",
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "S256", "sid-1", Now.AddSeconds(-30), "urn:esia:loa:2", ["pwd", "otp"], Now, Now.AddMinutes(1));
        await _codes.StoreAsync(grant, CancellationToken.None);
        return grant;
    }

    private async Task<int> AuditCountAsync(string subject)
    {
        await using var db = _database.CreateContext();
        return await db.AuditRecords.CountAsync(r => r.DiaryAccountId == subject && r.EventType == AuditEventTypes.TokenIssued);
    }
}
