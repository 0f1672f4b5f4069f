using IdentityBroker.Core.Interaction;
using IdentityBroker.Core.Privacy;
using IdentityBroker.Core.SignIn;
using IdentityBroker.Esia;

namespace IdentityBroker.Server.Interaction.Steps;

/// <summary>
/// ESIA's answer (the callback to <c>/signin-esia</c>), for the transaction waiting at <see cref="SignInStep.Esia"/>: the code
/// exchanged and the person read (ESIA tokens are not kept, R-TOKEN-3). An ESIA failure is read by
/// <see cref="EsiaFailureClassifier"/> as at the redirect: an outage offers the password fallback where the region allows it
/// (R-REGION-3, <see cref="PasswordFallbackStep"/>), anything else is its refusal. On success the person, known only in this
/// request, goes to <see cref="DecideStep"/>.
/// </summary>
internal sealed class EsiaStep(IEsiaClient esia, PersonalDataHasher hasher, SignInRefusals refusals, PasswordFallbackStep fallback, TimeProvider time, ILogger<EsiaStep> logger)
    : IFormStep<EsiaCallback>
{
    public SignInStep Step => SignInStep.Esia;

    public async Task<StepOutcome> AnswerAsync(SignInContext context, EsiaCallback answer, CancellationToken cancellationToken)
    {
        var region = context.Region;
        var request = context.Request;
        EsiaSignInResult result;
        try
        {
            if (answer.Error is not null)
            {
                throw EsiaErrorMapper.FromCallback(answer.Error, answer.ErrorDescription);
            }

            if (string.IsNullOrEmpty(answer.Code))
            {
                throw new EsiaException(EsiaFailureKind.InvalidResponse, "ESIA callback carries neither code nor error.");
            }

            using var span = Telemetry.BrokerTelemetry.Source.StartActivity("sign_in.esia_exchange");
            result = await esia.CompleteSignInAsync(region.Region.Code, region.Esia, answer.Code, cancellationToken);
        }
        catch (EsiaException ex)
        {
            return await RefuseAsync(context, ex, atRedirect: false, cancellationToken);
        }

        var person = result.Person;
        var now = time.GetUtcNow();
        var authentication = new EsiaAuthentication(hasher.HashEsiaSubject(person.Oid), result.AuthTime, AmrFor(result.AuthenticationMethod), AcrFor(person.Level))
        {
            // R-ERR-1: the person's keys for the staff lookup, on every audit record of this sign-in
            PersonSnilsHash = person.Snils is { } snils ? hasher.HashSnils(snils) : null,
            PersonNameBirthHash = person.BirthDate is { } birthDate ? hasher.HashNameAndBirthDate(person.Name, birthDate) : null,
            Age = person.BirthDate is { } born ? Core.Matching.AgeCalculator.FullYears(born, region.Region.Today(now)) : null, // R-MATCH-1
        };

        context.Person = person; // for the decision in this request only: never stored
        context.EsiaChildren = result.ChildrenRead ? result.Children : null;
        return new StepOutcome.Next(context.Progress with { Authentication = authentication });
    }

    /// <summary>
    /// An ESIA failure, at the redirect (<see cref="EsiaChallenge"/>: the request to ESIA could not be prepared) or at the
    /// callback, read one way (<see cref="EsiaFailureClassifier"/>): counted, logged (error level when the operator must fix
    /// the registration), audited as the refusal (detail "at_redirect" for the redirect); an outage offers the password
    /// fallback where the region allows it (R-REGION-3), anything else is its refusal.
    /// </summary>
    public async Task<StepOutcome> RefuseAsync(SignInContext context, EsiaException failure, bool atRedirect, CancellationToken cancellationToken)
    {
        var region = context.Region.Region.Code;
        IdentityBroker.Esia.Http.EsiaMetrics.RecordError(region, failure); // identity_broker.esia.errors, also for errors in ESIA's redirect back
        if (EsiaFailureClassifier.IsMisconfiguration(failure))
        {
            Log.EsiaMisconfigured(logger, region, failure.EsiaErrorCode, failure.Message);
        }
        else if (atRedirect)
        {
            Log.EsiaChallengeFailed(logger, region, failure.Kind.ToString(), failure.EsiaErrorCode, failure.Message);
        }
        else if (failure.Kind != EsiaFailureKind.Denied)
        {
            Log.EsiaFailed(logger, region, failure.Kind.ToString(), failure.EsiaErrorCode, failure.Message);
        }

        var (reason, rule) = EsiaFailureClassifier.Classify(failure);
        var refusal = await refusals.RecordAsync(context.Request, reason, rule, null, cancellationToken, detail: atRedirect ? "at_redirect" : null);
        return reason == ReasonCodes.EsiaUnavailable ? fallback.Offer(context, refusal) : new StepOutcome.Refuse(refusal);
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
    private static string AcrFor(Core.People.AccountLevel level) => "urn:esia:level:" + level.ToString().ToLowerInvariant();
}
