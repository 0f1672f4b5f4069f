using IdentityBroker.Core.People;

namespace IdentityBroker.Esia;

/// <summary>The outcome of a completed ESIA sign-in. ESIA's tokens are not part of it and are not kept (R-TOKEN-3).</summary>
/// <param name="Person">The person with the classified level (ESIA.md §6-§7).</param>
/// <param name="AuthTime">ID token <c>auth_time</c> (ESIA.md §4.3).</param>
/// <param name="AuthenticationMethod">ID token <c>amr</c>, e.g. PWD, DS, QR, EBS, MP (ESIA.md §4.3).</param>
public sealed record EsiaSignInResult(EsiaPerson Person, DateTimeOffset AuthTime, string? AuthenticationMethod);
