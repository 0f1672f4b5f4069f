using IdentityBroker.Core.Interaction;
using IdentityBroker.Server.Protocol;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// What a step decided — data, never HTTP; <see cref="SignInInteraction"/> acts on it. Closed: these five and no other.
/// </summary>
internal abstract record StepOutcome
{
    private StepOutcome()
    {
    }

    /// <summary>This step is done or does not apply: the next step in order runs, with what this one found.</summary>
    public sealed record Next(SignInProgress Progress) : StepOutcome;

    /// <summary>The sign-in waits at <paramref name="Step"/> for the person: the transaction moves there and <paramref name="Page"/> is shown with its form.</summary>
    public sealed record Wait(SignInStep Step, SignInProgress Progress, StepPage Page) : StepOutcome;

    /// <summary>The sign-in ends refused; the refusal is already audited and logged (<see cref="SignInRefusals"/>).</summary>
    public sealed record Refuse(SignInRefusal Refusal, RefusalPage Page = RefusalPage.Standard, string? Variant = null) : StepOutcome;

    /// <summary>The sign-in ended with a broker session and an authorization code for the client (both stored, one commit).</summary>
    public sealed record Finish(SessionInfo Session, DateTimeOffset SessionExpires, string Code) : StepOutcome;

    /// <summary>The form no longer fits the sign-in (e.g. the diary account is gone since): the sign-in ends, nothing is written.</summary>
    public sealed record Stale(string Why) : StepOutcome;
}

/// <summary>Which page shows a refusal.</summary>
internal enum RefusalPage
{
    /// <summary>The reason's standard page (<see cref="Ui.ReasonTexts"/>).</summary>
    Standard,

    /// <summary>R-CONSENT-1: the person declined the data consent.</summary>
    DataConsentDeclined,

    /// <summary>R-REGION-3: esia_unavailable where the region forbids the diary password ("only through Gosuslugi").</summary>
    EsiaUnavailableNoFallback,
}
