namespace IdentityBroker.Esia;

/// <summary>Why a call to ESIA failed, at the granularity the broker reacts to (ESIA.md §8).</summary>
public enum EsiaFailureKind
{
    /// <summary>The user refused, or ESIA refused the user (ESIA-007004; ESIA-007036 blocked, ESIA-007055 unconfirmed account; ESIA-007046 no two-factor sign-in).</summary>
    Denied,

    /// <summary>ESIA did not answer in time, answered 5xx, or reported overload (ESIA-007008); the breaker is open.</summary>
    Unavailable,

    /// <summary>Our registration is wrong: certificate, mnemonic, scopes, client authentication, redirect URI, clock, client_secret, permissions.</summary>
    Misconfigured,

    /// <summary>ESIA's answer failed validation (signature, issuer, audience, state, shape) or an unmapped error.</summary>
    InvalidResponse,
}
