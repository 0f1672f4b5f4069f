using IdentityBroker.Core.Matching;
using IdentityBroker.Core.People;

namespace IdentityBroker.Core.Tests.Matching;

/// <summary>R-MATCH-3 explanations (issue #10 item 8): which near names count as a data error, and mixed scripts.</summary>
public sealed class NameResemblanceTests
{
    private static readonly PersonName Masha = new("Петрова", "Маша", "Ивановна");

    private static readonly object[] Near =
    [
        new object?[] { "Latin e in the surname", new PersonName("Пeтрова", "Маша", "Ивановна") },
        new object?[] { "Latin capital M", new PersonName("Петрова", "Mаша", "Ивановна") },
        new object?[] { "Latin a, o, c, p, x, y, k, h, t, b", new PersonName("Пeтpовa", "Маша", "Ивaнoвна") },
        new object?[] { "patronymic missing on one side", new PersonName("Петрова", "Маша", null) },
        new object?[] { "both at once", new PersonName("Пeтрова", "Маша", null) },
    ];

    private static readonly object[] NotNear =
    [
        new object?[] { "the same name (a match, not a near miss)", new PersonName("ПЕТРОВА", "маша", "Ивановна") },
        new object?[] { "another surname", new PersonName("Петренко", "Маша", "Ивановна") },
        new object?[] { "another first name", new PersonName("Петрова", "Даша", "Ивановна") },
        new object?[] { "another patronymic on both sides", new PersonName("Петрова", "Маша", "Петровна") },
        new object?[] { "a Latin letter with no Cyrillic twin", new PersonName("Петрова", "Мasha", "Ивановна") },
        new object?[] { "parts swapped", new PersonName("Маша", "Петрова", "Ивановна") },
    ];

    [TestCaseSource(nameof(Near))]
    public void Resembles_Rmatch3_SlightDifference_True(string scenario, PersonName other)
    {
        Assert.That(NameResemblance.Resembles(other, Masha), Is.True, scenario);
        Assert.That(NameResemblance.Resembles(Masha, other), Is.True, scenario + " (symmetric)");
    }

    [TestCaseSource(nameof(NotNear))]
    public void Resembles_Rmatch3_DifferentOrSame_False(string scenario, PersonName other) =>
        Assert.That(NameResemblance.Resembles(other, Masha), Is.False, scenario);

    [TestCase("Пeтрова", "Маша", null, true)]
    [TestCase("Petrova", "Маша", null, true)]
    [TestCase("Петрова", "Маша", "Ивановна", false)]
    [TestCase("Smith", "John", null, false)]
    [TestCase("Петрова-Водкина", "Анна", null, false)]
    [TestCase("Петрова", "Анна", "Ivanovna", true)]
    public void MixesCyrillicAndLatin_Rmatch4(string last, string first, string? middle, bool mixed) =>
        Assert.That(NameScripts.MixesCyrillicAndLatin(new PersonName(last, first, middle)), Is.EqualTo(mixed));
}
