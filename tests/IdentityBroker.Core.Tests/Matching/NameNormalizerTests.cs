using IdentityBroker.Core.People;

namespace IdentityBroker.Core.Tests.Matching;

/// <summary>R-MATCH-4: tolerant only where people are not different.</summary>
public sealed class NameNormalizerTests
{
    private static readonly object[] SameNames =
    [
        new object?[] { new PersonName("Фёдорова", "Анна", "Павловна"), new PersonName("Федорова", "Анна", "Павловна") },
        new object?[] { new PersonName("ПЕТРОВ", "ИВАН", "СЕРГЕЕВИЧ"), new PersonName("петров", "иван", "сергеевич") },
        new object?[] { new PersonName("  Петров ", "Иван", "Сергеевич"), new PersonName("Петров", " Иван", "Сергеевич ") },
        new object?[] { new PersonName("Петрова-Водкина", "Анна", null), new PersonName("Петрова - Водкина", "Анна", null) },
        new object?[] { new PersonName("Петрова  Водкина", "Анна", null), new PersonName("Петрова Водкина", "Анна", null) },
        new object?[] { new PersonName("Смит", "Джон", null), new PersonName("Смит", "Джон", "") },
        new object?[] { new PersonName("Алёна", "Ёлкина", "Семёновна"), new PersonName("АЛЕНА", "ЕЛКИНА", "СЕМЕНОВНА") },
    ];

    private static readonly object[] DifferentNames =
    [
        new object?[] { new PersonName("Петров", "Иван", "Сергеевич"), new PersonName("Петров", "Иван", "Семёнович") },
        new object?[] { new PersonName("Петров", "Иван", "Сергеевич"), new PersonName("Петров", "Иван", null) }, // patronymic missing on one side only
        new object?[] { new PersonName("Петров", "Иван", null), new PersonName("Петрова", "Иван", null) },
        new object?[] { new PersonName("Иван", "Петров", null), new PersonName("Петров", "Иван", null) }, // parts swapped
        new object?[] { new PersonName("Петрова-Водкина", "Анна", null), new PersonName("Петрова Водкина", "Анна", null) }, // hyphen is not a space
        new object?[] { new PersonName("Петров", "Иван", null), new PersonName("Петрoв", "Иван", null) }, // Latin 'o' is another letter
        new object?[] { new PersonName("Ли", "Анна", null), new PersonName("Ли", "Аня", null) },
    ];

    [TestCaseSource(nameof(SameNames))]
    public void Normalized_Rmatch4_TolerableDifference_Matches(PersonName a, PersonName b) =>
        Assert.That(a.Normalized, Is.EqualTo(b.Normalized));

    [TestCaseSource(nameof(DifferentNames))]
    public void Normalized_Rmatch4_DifferentPeople_NeverMatch(PersonName a, PersonName b) =>
        Assert.That(a.Normalized, Is.Not.EqualTo(b.Normalized));

    [Test]
    public void ToString_NeverRevealsTheName() =>
        Assert.That(new PersonName("Петров", "Иван", null).ToString(), Does.Not.Contain("Петров"));
}
