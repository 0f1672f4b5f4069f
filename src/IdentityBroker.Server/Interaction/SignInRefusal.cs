using IdentityBroker.Server.Ui;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// A refused sign-in, already audited and logged by <see cref="SignInRefusals"/>: what its page shows (reason, rule,
/// reference number) and how the user returns to the client (<c>access_denied</c> in the client's response mode).
/// </summary>
internal sealed record SignInRefusal(string ReasonCode, string RuleId, string ReferenceNumber, ClientReturn Return);
