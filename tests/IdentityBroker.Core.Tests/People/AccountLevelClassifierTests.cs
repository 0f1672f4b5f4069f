using IdentityBroker.Core.People;

namespace IdentityBroker.Core.Tests.People;

/// <summary>ESIA.md §7: the account level is derived in one place from the ID token and person data.</summary>
public sealed class AccountLevelClassifierTests
{
    [TestCase("KD", false, false, false, AccountLevel.Child)]
    [TestCase("kd", false, true, true, AccountLevel.Child)]
    [TestCase("PR", true, true, true, AccountLevel.Confirmed)]
    [TestCase("PR", false, true, true, AccountLevel.Confirmed)]
    [TestCase("P", true, true, true, AccountLevel.Confirmed)] // trusted from /rs/prns
    [TestCase("P", false, true, true, AccountLevel.Standard)]
    [TestCase("P", false, true, false, AccountLevel.Simplified)] // SNILS but no verified identity document
    [TestCase("P", false, false, true, AccountLevel.Simplified)]
    [TestCase("P", false, false, false, AccountLevel.Simplified)]
    [TestCase(null, false, false, false, AccountLevel.Simplified)]
    public void Classify_Signals_GivesLevel(string? lvl, bool trusted, bool snils, bool verifiedDoc, AccountLevel expected) =>
        Assert.That(AccountLevelClassifier.Classify(new AccountLevelSignals(lvl, trusted, snils, verifiedDoc)), Is.EqualTo(expected));
}
