using IdentityBroker.Core.People;

namespace IdentityBroker.Core.Matching;

/// <summary>
/// R-MATCH-2/3 explanations (not matching): two names that are NOT the same under R-MATCH-4 but differ only slightly —
/// a Latin letter that looks like the Cyrillic one (a diary typed on an English keyboard layout: "Пeтров" with a Latin
/// "e"), or a patronymic present on one side only. Such a pair points at a data error on one side, so the refusal is
/// data_mismatch ("fix the data") rather than no_diary_account ("the school creates accounts", which makes a parent ask
/// for a duplicate account). Never used to let anyone in.
/// </summary>
public static class NameResemblance
{
    // Latin letters with a Cyrillic twin of the same shape, in upper or lower case (A/А, B/В, E/Е, H/Н, K/К, M/М, T/Т, a/а,
    // c/с, o/о, p/р, x/х, y/у). The key is lower case after R-MATCH-4 folding, so "B" arrives as "b" and maps to "в".
    private static readonly Dictionary<char, char> LatinToCyrillic = new()
    {
        ['a'] = 'а', ['b'] = 'в', ['c'] = 'с', ['e'] = 'е', ['h'] = 'н', ['k'] = 'к', ['m'] = 'м', ['o'] = 'о',
        ['p'] = 'р', ['t'] = 'т', ['x'] = 'х', ['y'] = 'у',
    };

    /// <summary>True when the names differ, but only by look-alike Latin letters and/or a patronymic missing on one side.</summary>
    public static bool Resembles(PersonName a, PersonName b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Normalized == b.Normalized)
        {
            return false; // the same name: a match, not a near miss
        }

        if (Skeleton(a.LastName) != Skeleton(b.LastName) || Skeleton(a.FirstName) != Skeleton(b.FirstName))
        {
            return false;
        }

        var (pa, pb) = (Skeleton(a.MiddleName), Skeleton(b.MiddleName));
        return pa == pb || pa.Length == 0 || pb.Length == 0;
    }

    /// <summary>The R-MATCH-4 key of one name part with Latin look-alike letters read as Cyrillic.</summary>
    public static string Skeleton(string? part) =>
        string.Concat(NameNormalizer.NormalizePart(part).Select(c => LatinToCyrillic.GetValueOrDefault(c, c)));
}
