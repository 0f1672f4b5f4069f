using IdentityBroker.Core.Directory;
using IdentityBroker.Core.Interaction;
using IdentityBroker.Core.People;
using IdentityBroker.Core.Protocol;
using IdentityBroker.Esia;
using IdentityBroker.Server.Regions;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// One sign-in as its steps see it during one request: the transaction (claimed by this request, or just created), its
/// region, and what the steps found (<see cref="Progress"/>, stored). Only during ESIA's callback does it also hold what ESIA
/// returned about the person (<see cref="Person"/>, <see cref="EsiaChildren"/>): personal data that is never stored.
/// </summary>
internal sealed class SignInContext(SignInTransaction transaction, RegionEntry region, SignInProgress progress)
{
    /// <summary>The transaction at the version this request holds (moved on by <see cref="SignInInteraction"/>).</summary>
    public SignInTransaction Transaction { get; set; } = transaction;

    public AuthorizationRequest Request => Transaction.Request;

    public RegionEntry Region { get; } = region;

    public SignInProgress Progress { get; set; } = progress;

    /// <summary>The person ESIA returned; only during the callback.</summary>
    public EsiaPerson? Person { get; set; }

    /// <summary>The person's children in ESIA, when ESIA gave the kids collection (R-CONSENT-6); only during the callback.</summary>
    public IReadOnlyList<EsiaChild>? EsiaChildren { get; set; }

    /// <summary>The accounts the decision found, kept for the chooser in the same request (no second directory read).</summary>
    public IReadOnlyList<DiaryAccount> Found { get; set; } = [];

    /// <summary>
    /// The account <see cref="SignInProgress.ChosenAccountId"/> names, as the step that chose it read it in THIS request
    /// (no second directory read later in the same request); null after a form round trip: read it again then.
    /// </summary>
    public DiaryAccount? Chosen { get; set; }
}
