using System.Diagnostics.CodeAnalysis;

namespace IdentityBroker.Core.People;

/// <summary>
/// СНИЛС, the 11-digit insurance number (ESIA.md §9). Compared as its 11 digits, after the check digits are
/// validated (R-MATCH-4). The value never appears in <see cref="ToString"/>, so it cannot reach a log by accident.
/// </summary>
public sealed class Snils : IEquatable<Snils>
{
    private Snils(string digits) => Digits = digits;

    /// <summary>The 11 digits, no separators.</summary>
    public string Digits { get; }

    /// <summary>Accepts "XXX-XXX-XXX YY" (ESIA's form), bare digits, or digits with spaces/hyphens.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Snils? snils)
    {
        snils = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        Span<char> digits = stackalloc char[11];
        var count = 0;
        foreach (var c in text)
        {
            if (c is >= '0' and <= '9')
            {
                if (count == 11)
                {
                    return false;
                }

                digits[count++] = c;
            }
            else if (c is not (' ' or '-'))
            {
                return false;
            }
        }

        if (count != 11 || !HasValidChecksum(digits))
        {
            return false;
        }

        snils = new Snils(new string(digits));
        return true;
    }

    /// <summary>
    /// The checksum rule: S = Σ dᵢ·(10−i) over the first nine digits; S &lt; 100 → S; 100 or 101 → 00;
    /// otherwise S mod 101 (100 → 00). Numbers up to 001-001-998 are not checked.
    /// </summary>
    internal static bool HasValidChecksum(ReadOnlySpan<char> digits)
    {
        var number = 0L;
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var d = digits[i] - '0';
            number = (number * 10) + d;
            sum += d * (9 - i);
        }

        var check = ((digits[9] - '0') * 10) + (digits[10] - '0');
        if (number <= 1_001_998)
        {
            return true;
        }

        var expected = sum switch
        {
            < 100 => sum,
            100 or 101 => 0,
            _ => sum % 101 == 100 ? 0 : sum % 101,
        };
        return expected == check;
    }

    public bool Equals(Snils? other) => other is not null && other.Digits == Digits;

    public override bool Equals(object? obj) => obj is Snils other && Equals(other);

    public override int GetHashCode() => Digits.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => "[snils]";
}
