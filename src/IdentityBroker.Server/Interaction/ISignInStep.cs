using IdentityBroker.Core.Interaction;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// A step of the sign-in after ESIA, in the order <see cref="SignInInteraction"/> runs them. A step reads what the earlier
/// ones found (<see cref="SignInContext.Progress"/>), decides whether it applies, and returns data
/// (<see cref="StepOutcome"/>): go on, wait for the person with a page, refuse, or finish. Never HTTP.
/// </summary>
internal interface ISignInStep
{
    /// <summary>The sign-in reached this step.</summary>
    Task<StepOutcome> EnterAsync(SignInContext context, CancellationToken cancellationToken);
}

/// <summary>A step that waits at <see cref="Step"/> for a form; the form's answer is <typeparamref name="TAnswer"/>.</summary>
internal interface IFormStep<in TAnswer>
{
    SignInStep Step { get; }

    /// <summary>
    /// The person answered this step's form; the transaction is already claimed at this step and version (so this runs
    /// once per rendered form).
    /// </summary>
    Task<StepOutcome> AnswerAsync(SignInContext context, TAnswer answer, CancellationToken cancellationToken);
}
