using System.Text;
using FsCheck;
using FsCheck.Fluent;
using IdentityBroker.Core.Matching;
using IdentityBroker.Core.People;
using static IdentityBroker.Core.Tests.Properties.PropertyRunner;

namespace IdentityBroker.Core.Tests.Properties;

/// <summary>
/// R-MATCH-4 as properties over arbitrary Cyrillic/Latin names: the tolerated differences (case, ё/е, surrounding and
/// repeated spaces, spaces around hyphens, a missing patronymic) never change the key, and nothing else is folded.
/// Names are generated as a canonical spec (lowercase letters without ё, words joined by one space or one hyphen), which
/// is also the expected key, and then rendered with noise from a seed (the seed is in the counterexample).
/// </summary>
public sealed class NameNormalizerProperties
{
    // ---- tolerances -------------------------------------------------------------------------------------------------

    [Test]
    public void NameNormalizer_Rmatch4_CaseNeverMatters() =>
        Check(Noisy(Noise.Case), c => Key(c.Rendered) == c.Spec.ModelKey && Key(c.Rendered) == Key(c.Spec.Canonical));

    [Test]
    public void NameNormalizer_Rmatch4_YoEqualsYe() =>
        Check(Noisy(Noise.Yo), c => Key(c.Rendered) == c.Spec.ModelKey && Key(c.Rendered) == Key(c.Spec.Canonical));

    [Test]
    public void NameNormalizer_Rmatch4_SurroundingAndRepeatedSpacesNeverMatter() =>
        Check(Noisy(Noise.Spaces), c => Key(c.Rendered) == c.Spec.ModelKey && Key(c.Rendered) == Key(c.Spec.Canonical));

    [Test]
    public void NameNormalizer_Rmatch4_SpacesAroundHyphensNeverMatter() =>
        Check(Noisy(Noise.HyphenSpacing), c => Key(c.Rendered) == c.Spec.ModelKey && Key(c.Rendered) == Key(c.Spec.Canonical));

    [Test]
    public void NameNormalizer_Rmatch4_AllTolerancesTogetherKeepTheKey() =>
        Check(
            from a in Noisy(Noise.All)
            from seed in Gen.Choose(0, int.MaxValue)
            select (a, other: a.Spec.Render(Noise.All, seed)),
            t => Key(t.a.Rendered) == t.a.Spec.ModelKey && Key(t.other) == Key(t.a.Rendered));

    [Test]
    public void NameNormalizer_Rmatch4_MissingPatronymicEqualsEmpty() =>
        Check(
            from spec in NameSpecs.Where(s => s.Middle is null)
            from seed in Gen.Choose(0, int.MaxValue)
            from blank in Gen.Elements("", " ", "   ", "\t", "\u00A0", " \t ")
            select (spec, seed, blank),
            t =>
            {
                var rendered = t.spec.Render(Noise.All, t.seed);
                var missing = Key(rendered);
                var empty = Key(rendered with { MiddleName = t.blank });
                return missing == empty && missing == t.spec.ModelKey && missing.EndsWith('|');
            });

    // ---- it never matches different names ---------------------------------------------------------------------------

    [Test]
    public void NameNormalizer_Rmatch4_DifferentNamesNeverMatch() =>
        Check(
            from a in NameSpecs
            from b in Gen.Frequency((1, NameSpecs), (3, Mutants(a)))
            from seedA in Gen.Choose(0, int.MaxValue)
            from seedB in Gen.Choose(0, int.MaxValue)
            select (a: a.Render(Noise.All, seedA), b: b.Render(Noise.All, seedB), differ: a.ModelKey != b.ModelKey),
            t => !t.differ || Key(t.a) != Key(t.b));

    [Test]
    public void NameNormalizer_Rmatch4_ChangingOneLetterChangesTheKey() =>
        Check(
            from part in PartSpecs
            from index in Gen.Choose(0, part.Canonical.Length - 1).Where(i => part.Canonical[i] is not (' ' or '-'))
            from replacement in AnyLetter.Where(l => Fold(l) != part.Canonical[index])
            from seed in Gen.Choose(0, int.MaxValue)
            select (original: part.Canonical, changed: part.Canonical.Remove(index, 1).Insert(index, replacement.ToString()), seed),
            t =>
            {
                var original = NameNormalizer.NormalizePart(t.original);
                var changed = NameNormalizer.NormalizePart(t.changed);
                var noisyChanged = NameNormalizer.NormalizePart(ApplyNoise(t.changed, Noise.All, new Random(t.seed)));
                return original != changed && original != noisyChanged;
            });

    [Test]
    public void NameNormalizer_Rmatch4_SwappingSurnameAndFirstNameChangesTheKey() =>
        Check(
            from spec in NameSpecs.Where(s => s.Last.Canonical != s.First.Canonical)
            from seed in Gen.Choose(0, int.MaxValue)
            select spec.Render(Noise.All, seed),
            n => Key(n) != Key(n with { LastName = n.FirstName, FirstName = n.LastName }));

    [Test]
    public void NameNormalizer_Rmatch4_HyphenIsNotASpace() =>
        Check(
            from part in PartSpecs.Where(p => p.Canonical.Contains('-'))
            from which in Gen.Choose(0, part.Canonical.Count(c => c == '-') - 1)
            from seed in Gen.Choose(0, int.MaxValue)
            select (hyphenated: part, spaced: part.ReplaceHyphen(which), seed),
            t =>
            {
                var hyphenated = NameNormalizer.NormalizePart(ApplyNoise(t.hyphenated.Canonical, Noise.All, new Random(t.seed)));
                var spaced = NameNormalizer.NormalizePart(ApplyNoise(t.spaced.Canonical, Noise.All, new Random(t.seed)));
                return hyphenated != spaced && hyphenated == t.hyphenated.Canonical && spaced == t.spaced.Canonical;
            });

    // ---- idempotence ------------------------------------------------------------------------------------------------

    [Test]
    public void NameNormalizer_Rmatch4_NormalizingANormalizedPartIsIdempotent_Names() =>
        Check(
            from part in PartSpecs
            from seed in Gen.Choose(0, int.MaxValue)
            select ApplyNoise(part.Canonical, Noise.All, new Random(seed)),
            IsIdempotent);

    /// <summary>Any text at all, not only letters: punctuation, digits, other hyphens, combining marks, other scripts.</summary>
    [Test]
    public void NameNormalizer_Rmatch4_NormalizingANormalizedPartIsIdempotent_AnyText() =>
        Check(Texts(AnyChar), t => IsIdempotent(t.Value));

    /// <summary>
    /// Case and ё/е over decomposed input too (letters followed by combining marks, as NFD keyboards and some exports
    /// produce): every letter's case and every е/ё may be flipped without changing the part's key.
    /// </summary>
    [Test]
    public void NameNormalizer_Rmatch4_CaseAndYoNeverMatter_DecomposedText() =>
        Check(
            from text in Texts(DecomposedChar)
            from seed in Gen.Choose(0, int.MaxValue)
            select (text, variant: new Text(FlipCaseAndYo(text.Value, new Random(seed)))),
            t => NameNormalizer.NormalizePart(t.text.Value) == NameNormalizer.NormalizePart(t.variant.Value));

    private static string FlipCaseAndYo(string text, Random random) => string.Concat(text.Select(c =>
    {
        var letter = Fold(c) == 'е' && random.Next(2) == 0 ? (c == 'е' || c == 'Е' ? 'ё' : 'е') : c;
        return random.Next(2) == 0 && AllLetters.Contains(letter) ? (char)(Fold(letter) == letter && letter != 'ё' ? char.ToUpperInvariant(letter) : char.ToLowerInvariant(letter)) : letter;
    }));

    private static Gen<Text> Texts(Gen<char> chars) =>
        Gen.ArrayOf(chars, 12).Zip(Gen.Choose(0, 12)).Select(t => new Text(new string(t.Item1, 0, t.Item2)));

    public sealed record Text(string Value)
    {
        public override string ToString() => $"{Show(Value)} → {Show(NameNormalizer.NormalizePart(Value))} → {Show(NameNormalizer.NormalizePart(NameNormalizer.NormalizePart(Value)))}";
    }

    private static bool IsIdempotent(string part)
    {
        var once = NameNormalizer.NormalizePart(part);
        return NameNormalizer.NormalizePart(once) == once;
    }

    // ---- model and generators ---------------------------------------------------------------------------------------

    private static string Key(PersonName name) => NameNormalizer.NormalizeFullName(name);

    private const string Cyrillic = "абвгдежзийклмнопрстуфхцчшщъыьэюя"; // no ё: ё is a rendering of е
    private const string Latin = "abcdefghijklmnopqrstuvwxyz";

    /// <summary>Case and ё/е folding written independently of the code under test (no culture tables).</summary>
    private static char Fold(char c) => c switch
    {
        'ё' or 'Ё' => 'е',
        >= 'А' and <= 'Я' => (char)(c + 0x20),
        >= 'A' and <= 'Z' => (char)(c + 0x20),
        _ => c,
    };

    private static readonly char[] AllLetters =
        (Cyrillic + Cyrillic.ToUpperInvariant() + "ёЁ" + Latin + Latin.ToUpperInvariant()).ToCharArray();

    private static readonly Gen<char> AnyLetter = Gen.Elements(AllLetters);

    /// <summary>Canonical letters; е is weighted up so ё/е variants are common.</summary>
    private static readonly Gen<char> CanonicalLetter = Gen.Frequency(
        (6, Gen.Elements(Cyrillic.ToCharArray())), (2, Gen.Constant('е')), (3, Gen.Elements(Latin.ToCharArray())));

    private static readonly Gen<char> AnyChar = Gen.Frequency(
        (6, AnyLetter),
        (3, Gen.Elements(' ', ' ', '\t', '\u00A0', '\n', '\u2003')),
        (3, Gen.Elements('-', '‐', '‑', '–', '—', '|', '.', '\'', '0', '7')),
        (2, Gen.Elements('\u0301', '\u0306', '\u0308', '\u0300', '\u0327')), // combining marks (decomposed input)
        (1, Gen.Choose(0x20, 0xD7FF).Select(i => (char)i)));

    private static readonly Gen<char> DecomposedChar = Gen.Frequency(
        (6, AnyLetter),
        (2, Gen.Elements(' ', '-')),
        (3, Gen.Elements('\u0301', '\u0306', '\u0308', '\u030C', '\u0327')));

    private static readonly Gen<string> Words = Gen.Choose(1, 8).SelectMany(n => Gen.ArrayOf(CanonicalLetter, n)).Select(a => new string(a));

    private static readonly Gen<PartSpec> PartSpecs =
        from count in Gen.Frequency((6, Gen.Constant(1)), (3, Gen.Constant(2)), (1, Gen.Constant(3)))
        from words in Gen.ArrayOf(Words, count)
        from seps in Gen.ArrayOf(Gen.Elements(' ', '-'), count - 1)
        select new PartSpec(words, seps);

    private static readonly Gen<NameSpec> NameSpecs =
        from last in PartSpecs
        from first in PartSpecs
        from middle in Gen.Frequency((3, PartSpecs.Select(p => (PartSpec?)p)), (1, Gen.Constant<PartSpec?>(null)))
        select new NameSpec(last, first, middle);

    private static Gen<NoisyName> Noisy(Noise noise) =>
        from spec in NameSpecs
        from seed in Gen.Choose(0, int.MaxValue)
        select new NoisyName(spec, seed, spec.Render(noise, seed));

    /// <summary>Names close to <paramref name="a"/>: one letter changed, one letter added or dropped, a separator flipped, parts swapped.</summary>
    private static Gen<NameSpec> Mutants(NameSpec a) =>
        from which in Gen.Choose(0, a.Middle is null ? 1 : 2)
        from kind in Gen.Choose(0, 4)
        from letter in CanonicalLetter
        from position in Gen.Choose(0, 1000)
        select a.Mutate(which, kind, letter, position);

    public sealed record NoisyName(NameSpec Spec, int Seed, PersonName Rendered)
    {
        public override string ToString() =>
            $"seed {Seed}: {Show(Rendered.LastName)} {Show(Rendered.FirstName)} {Show(Rendered.MiddleName)} (expected key {Show(Spec.ModelKey)}, got {Show(Key(Rendered))})";
    }

    public sealed record PartSpec(string[] Words, char[] Seps)
    {
        /// <summary>The expected normalized part: lowercase, е for ё, one space or one bare hyphen between words.</summary>
        public string Canonical
        {
            get
            {
                var sb = new StringBuilder(Words[0]);
                for (var i = 1; i < Words.Length; i++)
                {
                    sb.Append(Seps[i - 1]).Append(Words[i]);
                }

                return sb.ToString();
            }
        }

        public PartSpec ReplaceHyphen(int which)
        {
            var seps = (char[])Seps.Clone();
            var seen = -1;
            for (var i = 0; i < seps.Length; i++)
            {
                if (seps[i] == '-' && ++seen == which)
                {
                    seps[i] = ' ';
                }
            }

            return this with { Seps = seps };
        }

        public PartSpec Mutate(int kind, char letter, int position)
        {
            var words = (string[])Words.Clone();
            var w = position % words.Length;
            var i = position % words[w].Length;
            switch (kind)
            {
                case 0: words[w] = words[w].Remove(i, 1).Insert(i, letter.ToString()); break; // may be the same letter: then not different
                case 1: words[w] = words[w].Insert(i, letter.ToString()); break;
                case 2 when words[w].Length > 1: words[w] = words[w].Remove(i, 1); break;
                case 3 when Seps.Length > 0:
                    var seps = (char[])Seps.Clone();
                    seps[position % seps.Length] = seps[position % seps.Length] == '-' ? ' ' : '-';
                    return this with { Seps = seps };
                case 4 when words.Length > 1: (words[0], words[1]) = (words[1], words[0]); break;
                default: words[w] += letter; break;
            }

            return this with { Words = words };
        }

        public override string ToString() => Show(Canonical);
    }

    public sealed record NameSpec(PartSpec Last, PartSpec First, PartSpec? Middle)
    {
        public string ModelKey => $"{Last.Canonical}|{First.Canonical}|{Middle?.Canonical ?? ""}";

        public PersonName Canonical => new(Last.Canonical, First.Canonical, Middle?.Canonical);

        public PersonName Render(Noise noise, int seed)
        {
            var random = new Random(seed);
            return new PersonName(
                ApplyNoise(Last.Canonical, noise, random),
                ApplyNoise(First.Canonical, noise, random),
                Middle is null ? null : ApplyNoise(Middle.Canonical, noise, random));
        }

        public NameSpec Mutate(int which, int kind, char letter, int position) => which switch
        {
            0 => this with { Last = Last.Mutate(kind, letter, position) },
            1 => this with { First = First.Mutate(kind, letter, position) },
            _ => this with { Middle = Middle!.Mutate(kind, letter, position) },
        };

        public override string ToString() => Show(ModelKey);
    }

    /// <summary>The differences R-MATCH-4 tolerates, applied to a canonical part.</summary>
    [Flags]
    public enum Noise
    {
        Case = 1,
        Yo = 2,
        Spaces = 4,
        HyphenSpacing = 8,
        All = Case | Yo | Spaces | HyphenSpacing,
    }

    private static readonly char[] Blanks = [' ', ' ', ' ', '\t', '\u00A0'];

    private static string ApplyNoise(string canonical, Noise noise, Random random)
    {
        var sb = new StringBuilder();
        void Blank(int min, int max)
        {
            for (var n = random.Next(min, max + 1); n > 0; n--)
            {
                sb.Append(noise.HasFlag(Noise.Spaces) ? Blanks[random.Next(Blanks.Length)] : ' ');
            }
        }

        if (noise.HasFlag(Noise.Spaces))
        {
            Blank(0, 3);
        }

        foreach (var c in canonical)
        {
            switch (c)
            {
                case ' ':
                    Blank(1, noise.HasFlag(Noise.Spaces) ? 4 : 1);
                    break;
                case '-':
                    if (noise.HasFlag(Noise.HyphenSpacing))
                    {
                        Blank(0, 2);
                        sb.Append('-');
                        Blank(0, 2);
                    }
                    else
                    {
                        sb.Append('-');
                    }

                    break;
                default:
                    var letter = c == 'е' && noise.HasFlag(Noise.Yo) && random.Next(2) == 0 ? 'ё' : c;
                    sb.Append(noise.HasFlag(Noise.Case) && random.Next(2) == 0 ? char.ToUpperInvariant(letter) : letter);
                    break;
            }
        }

        if (noise.HasFlag(Noise.Spaces))
        {
            Blank(0, 3);
        }

        return sb.ToString();
    }
}
