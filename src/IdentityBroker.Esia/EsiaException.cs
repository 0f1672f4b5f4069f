namespace IdentityBroker.Esia;

/// <summary>
/// A failed ESIA interaction. The message never contains personal data, tokens, codes or <c>client_secret</c>;
/// only error codes and protocol facts.
/// </summary>
public sealed class EsiaException : Exception
{
    /// <summary>Creates an exception of the given kind.</summary>
    public EsiaException(
        EsiaFailureKind kind, string message, string? esiaErrorCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        EsiaErrorCode = esiaErrorCode;
    }

    /// <summary>How the broker should react.</summary>
    public EsiaFailureKind Kind { get; }

    /// <summary>ESIA's code such as "ESIA-007011" when ESIA gave one (ESIA.md §8).</summary>
    public string? EsiaErrorCode { get; }

    private int _reported;

    /// <summary>True the first time only: the error is counted once however many layers report it.</summary>
    internal bool TryMarkReported() => Interlocked.Exchange(ref _reported, 1) == 0;

    /// <summary>ESIA reported the account as blocked (ESIA-007036); <see cref="Kind"/> is then <see cref="EsiaFailureKind.Denied"/>.</summary>
    public bool IsAccountBlocked => EsiaErrorCode == EsiaErrorMapper.AccountBlockedCode;

    /// <summary>ESIA refused an unconfirmed account (ESIA-007055): the account level is too low (R-LEVEL-1); <see cref="Kind"/> is Denied.</summary>
    public bool IsUnconfirmedAccount => EsiaErrorCode == EsiaErrorMapper.UnconfirmedAccountCode;

    /// <summary>The requested data need two-factor sign-in the person has not set up (ESIA-007046); <see cref="Kind"/> is Denied.</summary>
    public bool IsTwoFactorUnavailable => EsiaErrorCode == EsiaErrorMapper.TwoFactorUnavailableCode;
}
