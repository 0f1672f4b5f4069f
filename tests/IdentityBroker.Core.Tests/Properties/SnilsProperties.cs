using FsCheck;
using FsCheck.Fluent;
using IdentityBroker.Core.People;
using static IdentityBroker.Core.Tests.Properties.PropertyRunner;

namespace IdentityBroker.Core.Tests.Properties;

/// <summary>
/// ESIA.md §9 and R-MATCH-4 as properties: the checksum is checked against an independent implementation written here
/// from the document (weights 9…1, S &lt; 100 → S, 100/101 → 00, otherwise S mod 101 with 100 → 00, numbers up to
/// 001-001-998 unchecked); formatting never matters; nothing but 11 digits with spaces/hyphens parses.
/// </summary>
public sealed class SnilsProperties
{
    private const long LastUnchecked = 1_001_998; // 001-001-998

    [Test]
    public void Snils_EsiaS9_ExactlyOneCheckPairIsAcceptedAboveTheThreshold() =>
        Check(
            Checked,
            nine =>
            {
                var accepted = Enumerable.Range(0, 100).Where(check => Snils.TryParse(nine + check.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), out _)).ToList();
                return accepted.Count == 1 && accepted[0] == ReferenceCheck(nine);
            },
            cases: 500);

    [Test]
    public void Snils_EsiaS9_UpToTheThresholdEveryCheckPairIsAccepted() =>
        Check(
            from n in Gen.Choose(0, (int)LastUnchecked)
            from check in Gen.Choose(0, 99)
            select n.ToString("D9", System.Globalization.CultureInfo.InvariantCulture) + check.ToString("D2", System.Globalization.CultureInfo.InvariantCulture),
            digits => Snils.TryParse(digits, out var s) && s.Digits == digits);

    [Test]
    public void Snils_Rmatch4_FormattingVariantsParseToTheSameDigits() =>
        Check(
            from digits in ValidNumbers
            from separators in Gen.ArrayOf(Gen.Elements("", "", " ", "-", "  ", " - ", "--"), 12)
            select (digits, text: string.Concat(separators.Zip(digits.Append('\0')).Select(p => p.First + (p.Second == '\0' ? "" : p.Second.ToString())))),
            t =>
            {
                var esiaForm = $"{t.digits[..3]}-{t.digits[3..6]}-{t.digits[6..9]} {t.digits[9..]}";
                return Snils.TryParse(t.text, out var a) && Snils.TryParse(esiaForm, out var b) && Snils.TryParse(t.digits, out var c)
                    && a.Digits == t.digits && b.Digits == t.digits && c.Digits == t.digits && a.Equals(b) && b.Equals(c)
                    && a.GetHashCode() == c.GetHashCode();
            });

    [Test]
    public void Snils_EsiaS9_AnySingleDigitChangeIsRejectedUnlessTheReferenceAcceptsIt() =>
        Check(
            from digits in ValidNumbers
            from position in Gen.Choose(0, 10)
            from digit in Gen.Choose(0, 9).Select(d => (char)('0' + d)).Where(d => d != digits[position])
            select digits.Remove(position, 1).Insert(position, digit.ToString()),
            changed => Snils.TryParse(changed, out _) == ReferenceIsValid(changed));

    [Test]
    public void Snils_Rmatch4_LettersAndOtherCharactersAreRejected() =>
        Check(
            from digits in ValidNumbers
            from position in Gen.Choose(0, 11)
            from intruder in Gen.Elements("a", "Z", "б", "О", "l", "+", ".", "_", "/", "\t", "\u00A0", "٣", "１", "\0")
            select digits.Insert(position, intruder),
            text => !Snils.TryParse(text, out var s) && s is null);

    [Test]
    public void Snils_Rmatch4_WrongLengthsAreRejected() =>
        Check(
            from length in Gen.Choose(0, 30).Where(n => n != 11)
            from digits in Gen.ArrayOf(Gen.Choose(0, 9).Select(d => (char)('0' + d)), length)
            from hyphenated in Gen.Elements(true, false)
            select hyphenated ? string.Join('-', new string(digits).Chunk(3).Select(c => new string(c))) : new string(digits),
            text => !Snils.TryParse(text, out var s) && s is null);

    [Test]
    public void Snils_Rmatch4_ToStringNeverContainsTheDigits() =>
        Check(
            ValidNumbers,
            digits =>
            {
                if (!Snils.TryParse(digits, out var s))
                {
                    return false;
                }

                var shown = s!.ToString() + $"{s}" + string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0}", s);
                return !shown.Contains(digits, StringComparison.Ordinal) && !shown.Any(char.IsDigit);
            });

    // ---- independent reference (ESIA.md §9) ---------------------------------------------------------------------------

    private static readonly int[] Weights = [9, 8, 7, 6, 5, 4, 3, 2, 1];

    private static int ReferenceCheck(string nine)
    {
        var s = nine.Select((c, i) => (c - '0') * Weights[i]).Sum();
        if (s < 100)
        {
            return s;
        }

        if (s is 100 or 101)
        {
            return 0;
        }

        var r = s % 101;
        return r == 100 ? 0 : r;
    }

    private static bool ReferenceIsValid(string eleven) =>
        long.Parse(eleven[..9], System.Globalization.CultureInfo.InvariantCulture) <= LastUnchecked
        || ReferenceCheck(eleven[..9]) == int.Parse(eleven[9..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Nine digits above 001-001-998, spread over the whole range and its low end (sums below 100, near 100/101).</summary>
    private static readonly Gen<string> Checked = Gen.Frequency(
            (3, Gen.ArrayOf(Gen.Choose(0, 9), 9).Select(d => string.Concat(d))),
            (1, Gen.Choose((int)LastUnchecked + 1, (int)LastUnchecked + 100_000).Select(n => n.ToString("D9", System.Globalization.CultureInfo.InvariantCulture))),
            (1, Gen.ArrayOf(Gen.Choose(0, 3), 9).Select(d => string.Concat(d))))
        .Where(nine => long.Parse(nine, System.Globalization.CultureInfo.InvariantCulture) > LastUnchecked);

    private static readonly Gen<string> ValidNumbers = Checked.Select(nine => nine + ReferenceCheck(nine).ToString("D2", System.Globalization.CultureInfo.InvariantCulture));
}
