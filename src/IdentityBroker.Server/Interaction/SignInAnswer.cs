using IdentityBroker.Core.Protocol;
using IdentityBroker.Core.Interaction;
using IdentityBroker.Server.Protocol;

namespace IdentityBroker.Server.Interaction;

/// <summary>What <see cref="SignInInteraction"/> answers an endpoint, as data; <see cref="SignInPages"/> turns it into the HTTP answer.</summary>
internal abstract record SignInAnswer
{
    private SignInAnswer()
    {
    }

    /// <summary>A waiting step's page, its form carrying <paramref name="Ticket"/> (<see cref="StepTicket"/>).</summary>
    public sealed record Page(SignInStep Step, StepPage Content, string Ticket) : SignInAnswer;

    /// <summary>The sign-in was refused (audited); the refusal page.</summary>
    public sealed record Refused(SignInRefusal Refusal, RefusalPage Kind, string? Variant) : SignInAnswer;

    /// <summary>The sign-in finished: the session cookie, and the client's authorization response with <paramref name="Code"/>.</summary>
    public sealed record Completed(SessionInfo Session, DateTimeOffset SessionExpires, AuthorizationRequest Request, string Code) : SignInAnswer;

    /// <summary>The form of <paramref name="Step"/> is unknown, expired, already used, stale or from another browser.</summary>
    public sealed record Expired(SignInStep Step, bool OtherBrowser) : SignInAnswer;
}
