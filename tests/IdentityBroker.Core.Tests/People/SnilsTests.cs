using IdentityBroker.Core.People;

namespace IdentityBroker.Core.Tests.People;

/// <summary>R-MATCH-4: SNILS is compared as its 11 digits after its check digits are validated (ESIA.md §9).</summary>
public sealed class SnilsTests
{
    [TestCase("112-233-445 95", "11223344595")]
    [TestCase("11223344595", "11223344595")]
    [TestCase("123-456-789 64", "12345678964")]
    [TestCase("200 300 400 48", "20030040048")]
    [TestCase("141-421-356 10", "14142135610")]
    [TestCase("001-001-998 00", "00100199800")] // numbers up to 001-001-998 are not checked
    public void TryParse_ValidNumber_ReturnsDigits(string text, string digits)
    {
        Assert.That(Snils.TryParse(text, out var snils), Is.True);
        Assert.That(snils!.Digits, Is.EqualTo(digits));
    }

    [TestCase("112-233-445 96", TestName = "TryParse_WrongCheckDigits_Fails")]
    [TestCase("112-233-445", TestName = "TryParse_TooShort_Fails")]
    [TestCase("112-233-445 955", TestName = "TryParse_TooLong_Fails")]
    [TestCase("112-233-44a 95", TestName = "TryParse_Letter_Fails")]
    [TestCase("", TestName = "TryParse_Empty_Fails")]
    [TestCase(null, TestName = "TryParse_Null_Fails")]
    public void TryParse_Invalid_Fails(string? text)
    {
        Assert.That(Snils.TryParse(text, out var snils), Is.False);
        Assert.That(snils, Is.Null);
    }

    [Test]
    public void Checksum_SumOf100Or101_IsZero()
    {
        var (d9, check) = FindNineDigitsWithSum(100);
        Assert.That(Snils.TryParse(d9 + "00", out _), Is.True, "sum 100 → 00");
        Assert.That(Snils.TryParse(d9 + "99", out _), Is.False);
        Assert.That(check, Is.EqualTo(100));
    }

    [Test]
    public void ToString_NeverRevealsDigits()
    {
        Assert.That(Snils.TryParse("112-233-445 95", out var snils), Is.True);
        Assert.That(snils!.ToString(), Does.Not.Contain("112"));
    }

    [Test]
    public void Equality_SameDigitsDifferentFormatting_AreEqual()
    {
        Assert.That(Snils.TryParse("112-233-445 95", out var a), Is.True);
        Assert.That(Snils.TryParse("11223344595", out var b), Is.True);
        Assert.That(a, Is.EqualTo(b));
    }

    private static (string Digits, int Sum) FindNineDigitsWithSum(int target)
    {
        for (var n = 2_000_000; n < 999_999_999; n += 7)
        {
            var s = n.ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
            var sum = 0;
            for (var i = 0; i < 9; i++)
            {
                sum += (s[i] - '0') * (9 - i);
            }

            if (sum == target)
            {
                return (s, sum);
            }
        }

        throw new InvalidOperationException("no number found");
    }
}
