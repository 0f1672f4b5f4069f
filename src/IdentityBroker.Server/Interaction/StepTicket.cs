using System.Globalization;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// What a step form carries: the transaction's id and the version the page was rendered at, <c>{id:N}.{version}</c>. It needs
/// no protection: the id is random (122 bits) and the transaction is bound to the browser that started it
/// (<see cref="BrowserBinding"/>), and a claim accepts only the current version at the form's step, so a copied, replayed or
/// stale ticket finds nothing (<see cref="Core.Interaction.ISignInTransactionStore.ClaimAsync"/>).
/// </summary>
internal static class StepTicket
{
    /// <summary>Longer is never a ticket (32 hex digits, a dot, at most 10 digits); read nothing beyond it.</summary>
    public const int MaxLength = 43;

    public static string Format(Guid id, int version) => id.ToString("N") + "." + version.ToString(CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out Guid id, out int version)
    {
        id = Guid.Empty;
        version = 0;
        if (text is null || text.Length is < 34 or > MaxLength || text[32] != '.')
        {
            return false;
        }

        return Guid.TryParseExact(text.AsSpan(0, 32), "N", out id) &&
               int.TryParse(text.AsSpan(33), NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }
}
