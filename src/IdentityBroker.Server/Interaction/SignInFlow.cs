using IdentityBroker.Core.Directory;
using IdentityBroker.Core.People;
using IdentityBroker.Core.Privacy;
using IdentityBroker.Core.Protocol;
using IdentityBroker.Core.SignIn;
using IdentityBroker.Core.Stores;
using IdentityBroker.Esia;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Protocol;
using IdentityBroker.Server.Protocol.Responses;
using IdentityBroker.Server.Regions;
using IdentityBroker.Server.Ui;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// The sign-in after ESIA has answered, top to bottom: (1) the pending sign-in, single-use and bound to this browser;
/// (2) ESIA's answer, validated, with the person's data (ESIA tokens are not kept, R-TOKEN-3); (3) the decision of
/// <see cref="SignInDecider"/> (R-LEVEL-*, R-MATCH-*); (4) link once, audit, broker session, authorization code.
/// </summary>
internal sealed class SignInFlow(
    IPendingSignInStore pendingSignIns,
    IEsiaClient esia,
    RegionCatalog catalog,
    SignInDecider decider,
    IAccountLinkStore links,
    IAuditLog audit,
    IUnitOfWork unitOfWork,
    PersonalDataHasher hasher,
    AuthorizationCodeIssuer codes,
    ProtectedFormState<PendingAccountChoice> choices,
    ManualLinkOffer manualLinks,
    PasswordFallbackOffer fallbacks,
    SignInRefusals refusals,
    DataConsentGate dataConsent,
    Consent.ParentalConsentGate parentalConsent,
    Consent.FamilyRelationRefresher familyRelations,
    IOptions<BrokerOptions> options,
    TimeProvider time,
    ILogger<SignInFlow> logger)
{
    public async Task<IResult> CompleteAsync(HttpContext context, EsiaCallback callback, CancellationToken cancellationToken)
    {
        using var span = Telemetry.BrokerTelemetry.Source.StartActivity("sign_in.callback"); // spans carry codes only, never the person
        var now = time.GetUtcNow();

        // (1) The pending sign-in: consumed atomically, so a replayed callback finds nothing.
        if (!Guid.TryParse(callback.State, out var state) || await pendingSignIns.ConsumeAsync(state, now, cancellationToken) is not { } pending)
        {
            Log.UnknownEsiaState(logger);
            return SignInExpiredPage("unknown_state");
        }

        if (!BrowserBinding.Matches(context, pending.BrowserBindingHash))
        {
            Log.BrowserBindingMismatch(logger);
            return SignInExpiredPage("browser_mismatch");
        }

        var request = pending.Request;
        span?.SetTag("identity_broker.region", request.RegionCode);
        if (catalog.FindRegion(request.RegionCode) is not { } region)
        {
            return await refusals.RefuseAsync(request, ReasonCodes.ServiceMisconfigured, RuleIds.Region1, null, cancellationToken);
        }

        // (2) ESIA's answer.
        EsiaSignInResult esiaResult;
        try
        {
            if (callback.Error is not null)
            {
                throw EsiaErrorMapper.FromCallback(callback.Error, callback.ErrorDescription);
            }

            if (string.IsNullOrEmpty(callback.Code))
            {
                throw new EsiaException(EsiaFailureKind.InvalidResponse, "ESIA callback carries neither code nor error.");
            }

            using var esiaSpan = Telemetry.BrokerTelemetry.Source.StartActivity("sign_in.esia_exchange");
            esiaResult = await esia.CompleteSignInAsync(region.Region.Code, region.Esia, callback.Code, cancellationToken);
        }
        catch (EsiaException ex)
        {
            var (reason, rule) = ReasonFor(ex, region.Region.Code);
            var refusal = await refusals.RecordAsync(request, reason, rule, null, cancellationToken);
            return reason == ReasonCodes.EsiaUnavailable
                ? fallbacks.Render(context, region.Region, request, pending.BrowserBindingHash, refusal) // R-REGION-3: the password fallback where allowed
                : SignInRefusals.Page(refusal);
        }

        var person = esiaResult.Person;
        var esiaSubject = hasher.HashEsiaSubject(person.Oid);
        var authentication = new EsiaAuthentication(esiaSubject, esiaResult.AuthTime, AmrFor(esiaResult.AuthenticationMethod), AcrFor(person.Level))
        {
            // R-ERR-1: the person's keys for the staff lookup, on every audit record of this sign-in
            PersonSnilsHash = person.Snils is { } snils ? hasher.HashSnils(snils) : null,
            PersonNameBirthHash = person.BirthDate is { } birthDate ? hasher.HashNameAndBirthDate(person.Name, birthDate) : null,
            Age = person.BirthDate is { } born ? Core.Matching.AgeCalculator.FullYears(born, region.Region.Today(now)) : null, // R-MATCH-1, for (5)
        };

        // (3) The decision.
        var decideSpan = Telemetry.BrokerTelemetry.Source.StartActivity("sign_in.decide");
        var decision = await decider.DecideAsync(region.Region, person, now, cancellationToken);
        decideSpan?.SetTag("identity_broker.decision", decision.GetType().Name);
        decideSpan?.Dispose();
        if (decision is not SignInRefused && esiaResult.ChildrenRead)
        {
            // R-CONSENT-6: the person's children in ESIA, matched to diary accounts, replace their family relations. When ESIA
            // did not grant or refused the kids collection, the children are unknown: the known relations stay.
            await familyRelations.RefreshAsync(region, esiaSubject, esiaResult.Children, cancellationToken);
        }

        return decision switch
        {
            SignInAllowed allowed => await EnterAsync(context, request, [allowed.Account], allowed.Account, allowed.LinkMethod, allowed.RuleId, authentication, cancellationToken),
            AccountChoiceRequired choice => ChooseAccountPage.Render(choices.Protect(new PendingAccountChoice(
                request, choice.Accounts.Select(a => a.Id).ToList(), choice.LinkMethod, choice.RuleId, authentication, pending.BrowserBindingHash)), choice.Accounts),
            SignInRefused { ReasonCode: ReasonCodes.DiarySnilsMissing } refused => await manualLinks.RenderAsync( // R-MATCH-6: link by diary password
                context, request, person, authentication, pending.BrowserBindingHash,
                await refusals.RecordAsync(request, refused.ReasonCode, refused.RuleId, authentication.AuditPerson, cancellationToken), cancellationToken),
            SignInRefused refused => await refusals.RefuseAsync(request, refused.ReasonCode, refused.RuleId, authentication.AuditPerson, cancellationToken),
            _ => throw new InvalidOperationException("unknown decision"),
        };
    }

    /// <summary>
    /// (4) Links every proven account once (R-MATCH-7; all candidates of a choice, so the choice can change at the next
    /// sign-in, R-MATCH-5); (5) parental consent for minors (R-CONSENT-2); (6) the person's own consent to the data passed
    /// to the diary (R-CONSENT-1); (7) the broker session and the authorization code.
    /// </summary>
    public async Task<IResult> EnterAsync(
        HttpContext context, AuthorizationRequest request, IReadOnlyList<DiaryAccount> proven, DiaryAccount chosen, string? linkMethod,
        string ruleId, EsiaAuthentication authentication, CancellationToken cancellationToken)
    {
        using (Telemetry.BrokerTelemetry.Source.StartActivity("sign_in.link"))
        {
            await LinkAsync(request, proven, linkMethod, ruleId, authentication, cancellationToken);
        }

        // (5) R-CONSENT-2..6: a minor without parental consent is refused (a request goes to the parents); a parent first
        // sees their children's pending requests or the no_children_linked notice, and «Продолжить» resumes below.
        if (await parentalConsent.CheckAsync(context, request, chosen, ruleId, authentication, cancellationToken) is { } stop)
        {
            return stop.Refusal is { } refusal
                ? await refusals.RefuseAsync(request, refusal.ReasonCode, refusal.RuleId, authentication.AuditPerson, cancellationToken,
                    variant: stop.NoParentKnown ? ReasonTexts.NoParentKnown : null)
                : stop.Page!;
        }

        return await ContinueAfterParentalConsentAsync(context, request, chosen, ruleId, authentication, cancellationToken);
    }

    /// <summary>(6) and (7), after the parental-consent step (5); a parent's «Продолжить» on its page resumes here.</summary>
    public async Task<IResult> ContinueAfterParentalConsentAsync(
        HttpContext context, AuthorizationRequest request, DiaryAccount chosen, string ruleId, EsiaAuthentication authentication, CancellationToken cancellationToken)
    {
        // (6) R-CONSENT-1: the person's consent to the data passed to the diary, asked once per region and text version.
        if (await dataConsent.CheckAsync(context, request, chosen, ruleId, authentication, cancellationToken) is { } consentPage)
        {
            return consentPage;
        }

        return await FinishAsync(context, request, chosen, ruleId, authentication, cancellationToken);
    }

    /// <summary>
    /// (7) Records the successful sign-in, starts the broker session and answers the client with a code. The audit record,
    /// the session (with its client) and the code are ONE transaction (<see cref="IUnitOfWork"/>, issue #10 item 6): a
    /// success record never announces a session or code that a crash left unwritten, and no session exists unaudited.
    /// </summary>
    public async Task<IResult> FinishAsync(
        HttpContext context, AuthorizationRequest request, DiaryAccount chosen, string ruleId, EsiaAuthentication authentication, CancellationToken cancellationToken)
    {
        using var span = Telemetry.BrokerTelemetry.Source.StartActivity("sign_in.finish");
        var now = time.GetUtcNow();
        var session = new SessionInfo(chosen.Id, request.RegionCode, Protocol.Tokens.OpaqueHandle.New(), authentication.AuthTime, authentication.Amr, authentication.Acr)
        {
            EsiaSubjectHash = authentication.EsiaSubjectHash,
        };
        var answer = await unitOfWork.RunAsync(async ct =>
        {
            await audit.RecordAsync(AuditRecord.SignInSucceeded(now, request.RegionCode, request.ClientId, ruleId, chosen.Id, authentication.AuditPerson), ct);
            await BrokerSession.SignInAsync(context, session, options.Value.SessionLifetime); // the row; the cookie only points at it
            return await codes.IssueAsync(request, session, ct);
        }, cancellationToken);
        Telemetry.BrokerMetrics.SignIn(request.RegionCode, ruleId, AuditOutcomes.Success);
        Log.SignInSucceeded(logger, chosen.Id, request.RegionCode, request.ClientId, ruleId);
        RegionChoiceCookie.RememberAfterSignIn(context, catalog, request.ClientId, request.RegionCode); // R-REGION-2: shared clients only
        return answer;
    }

    /// <summary>
    /// (4) R-MATCH-7: one link per proven account, created once (ON CONFLICT), audited when new; each link and its audit
    /// record are one transaction (<see cref="IUnitOfWork"/>, issue #10 item 6).
    /// </summary>
    private async Task LinkAsync(
        AuthorizationRequest request, IReadOnlyList<DiaryAccount> proven, string? linkMethod, string ruleId, EsiaAuthentication authentication, CancellationToken cancellationToken)
    {
        if (linkMethod is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var account in proven)
        {
            var created = await unitOfWork.RunAsync(async ct =>
            {
                var (_, isNew) = await links.LinkAsync(new AccountLink(request.RegionCode, authentication.EsiaSubjectHash, account.Id, linkMethod, now), ct);
                if (isNew)
                {
                    await audit.RecordAsync(AuditRecord.Linked(now, request.RegionCode, request.ClientId, ruleId, account.Id, linkMethod, authentication.AuditPerson), ct);
                }

                return isNew;
            }, cancellationToken);
            if (created)
            {
                Log.AccountLinked(logger, account.Id, request.RegionCode, linkMethod);
            }
        }
    }

    /// <summary>The refusal for an ESIA failure at the callback (<see cref="EsiaFailureClassifier"/>, as at the redirect), counted and logged.</summary>
    private (string Reason, string Rule) ReasonFor(EsiaException ex, string region)
    {
        // identity_broker.esia.errors: counted once per error, also for errors in ESIA's redirect back
        IdentityBroker.Esia.Http.EsiaMetrics.RecordError(region, ex);
        if (EsiaFailureClassifier.IsMisconfiguration(ex))
        {
            Log.EsiaMisconfigured(logger, region, ex.EsiaErrorCode, ex.Message); // error level: the operator must fix the registration
        }
        else if (ex.Kind != EsiaFailureKind.Denied)
        {
            Log.EsiaFailed(logger, region, ex.Kind.ToString(), ex.EsiaErrorCode, ex.Message);
        }

        return EsiaFailureClassifier.Classify(ex);
    }

    /// <summary>ESIA's <c>amr</c> (a string: PWD, DS, QR, EBS, MP…) as an RFC 8176 list.</summary>
    private static IReadOnlyList<string> AmrFor(string? esiaAmr) => esiaAmr?.ToUpperInvariant() switch
    {
        "PWD" => ["pwd"],
        "DS" => ["sc"],
        "EBS" => ["face"],
        "QR" or "MP" or "MPRFN" => ["swk"],
        null or "" => ["fed"],
        var other => [other.ToLowerInvariant()],
    };

    /// <summary>The ESIA account level as an <c>acr</c> value the diary can check.</summary>
    private static string AcrFor(AccountLevel level) => "urn:esia:level:" + level.ToString().ToLowerInvariant();

    private static IResult SignInExpiredPage(string code) => ErrorPages.BadRequest(
        "Сеанс входа устарел",
        "Ссылка для завершения входа недействительна: она уже была использована, устарела или открыта в другом браузере.",
        "Вернитесь на сайт электронного дневника и начните вход заново.",
        code,
        "The ESIA round-trip state is unknown, expired, already used, or bound to another browser.");
}
