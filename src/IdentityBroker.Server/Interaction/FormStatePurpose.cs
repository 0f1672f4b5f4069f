using IdentityBroker.Server.Configuration;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// What a <see cref="ProtectedFormState{T}"/> protects (the step forms of a sign-in carry a <see cref="StepTicket"/> instead): the Data Protection purpose (a form's state never reads as another
/// form's), how long a form stays valid, and whether it may be posted once only.
/// </summary>
/// <param name="Name">The Data Protection purpose string; bump its version when the payload changes.</param>
/// <param name="Lifetime">The form's lifetime, from the options (some are configurable).</param>
/// <param name="SingleUse">Posting it twice fails (<see cref="ProtectedFormState{T}.ConsumeAsync"/>).</param>
internal sealed record FormStatePurpose(string Name, Func<BrokerOptions, TimeSpan> Lifetime, bool SingleUse)
{
    private static readonly TimeSpan Minutes15 = TimeSpan.FromMinutes(15);

    /// <summary>
    /// R-REGION-2: the region list of a shared client — the one form before a sign-in transaction exists (the region decides
    /// which ESIA registration the transaction is for). A choice counts once; a second post starts nothing.
    /// </summary>
    public static FormStatePurpose RegionChoice { get; } = new("IdentityBroker.SignIn.RegionChoice.v3", _ => Minutes15, SingleUse: true);
}
