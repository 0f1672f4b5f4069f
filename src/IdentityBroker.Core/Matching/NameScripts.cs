using IdentityBroker.Core.People;

namespace IdentityBroker.Core.Matching;

/// <summary>
/// A name written with both Cyrillic and Latin letters (R-MATCH-4 never folds one into the other, so such a diary name
/// matches nobody whose ESIA name is all Cyrillic). Reported by the directory import and shown to staff diagnostics so the
/// school can correct the diary record.
/// </summary>
public static class NameScripts
{
    public static bool MixesCyrillicAndLatin(PersonName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = string.Concat(name.LastName, name.FirstName, name.MiddleName);
        return text.Any(IsCyrillic) && text.Any(IsLatin);
    }

    private static bool IsCyrillic(char c) => c is (>= '\u0400' and <= '\u04FF') or (>= '\u0500' and <= '\u052F');

    private static bool IsLatin(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '\u00C0' and <= '\u024F') && char.IsLetter(c);
}
