using System.Globalization;
using System.Text;
using IdentityBroker.Core.People;

namespace IdentityBroker.Core.Matching;

/// <summary>
/// R-MATCH-4: name comparison tolerates only what does not make people different: letter case, ё/е, repeated or
/// surrounding spaces, spaces around hyphens, and a missing patronymic (on both sides, which the full key expresses
/// as an empty third part). Every Unicode dash (general category Pd: ‐ ‑ ‒ – — ― ﹣ － …) and the minus signs (− ⁻ ₋ ➖ ˗)
/// between name parts count as the hyphen: registries and keyboards write the same double surname with any of them.
/// Nothing else is folded: different letters stay different names.
/// </summary>
public static class NameNormalizer
{
    public static string NormalizeFullName(PersonName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return string.Join('|', NormalizePart(name.LastName), NormalizePart(name.FirstName), NormalizePart(name.MiddleName));
    }

    public static string NormalizePart(string? part)
    {
        // Folding can leave a letter that composes with a following combining mark only now: "ё\u0306" folds to
        // "е\u0306", which is "ӗ" once composed, while "е\u0306" itself gives "ӗ" at once; likewise "J\u030C" lowers to
        // "j\u030C" = "ǰ". Fold again until the result is composed, so the key is a fixed point (normalising a key gives
        // the key) and ё/е and case stay tolerated before combining marks. Each extra pass composes, so the text shrinks.
        var key = FoldOnce(part);
        while (!key.IsNormalized(NormalizationForm.FormC))
        {
            var next = FoldOnce(key);
            if (next.Length >= key.Length)
            {
                break;
            }

            key = next;
        }

        return key;
    }

    /// <summary>R-MATCH-4: a character written for the hyphen between name parts — any dash (Pd) or minus sign.</summary>
    public static bool IsDash(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.DashPunctuation
        || c is '\u2212' /* − minus sign */ or '\u207B' /* ⁻ superscript minus */ or '\u208B' /* ₋ subscript minus */
            or '\u2796' /* ➖ heavy minus sign */ or '\u02D7' /* ˗ modifier letter minus sign */;

    private static string FoldOnce(string? part)
    {
        if (string.IsNullOrWhiteSpace(part))
        {
            return string.Empty;
        }

        var text = part.Normalize(NormalizationForm.FormC);
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var raw in text)
        {
            var c = char.ToLower(raw, CultureInfo.InvariantCulture);
            if (c == 'ё')
            {
                c = 'е';
            }

            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (IsDash(c))
            {
                // hyphen spacing: "Петров - Водкин" == "Петров-Водкин"
                while (sb.Length > 0 && sb[^1] == ' ')
                {
                    sb.Length--;
                }

                sb.Append('-');
                pendingSpace = false;
                continue;
            }

            if (pendingSpace && sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append(' ');
            }

            pendingSpace = false;
            sb.Append(c);
        }

        return sb.ToString();
    }
}
