using IdentityBroker.Core.Interaction;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Interaction;

namespace IdentityBroker.Server.Tests.Interaction;

/// <summary>
/// What a step form carries (<see cref="StepTicket"/>) and what the transaction stores (<see cref="SignInProgress"/>): every
/// malformed ticket reads as nothing (the step's "expired" page, never a 500), and the progress keeps no personal data.
/// </summary>
public sealed class StepTicketTests
{
    private static readonly System.Text.Json.JsonSerializerOptions Web = new(System.Text.Json.JsonSerializerDefaults.Web);

    [Test]
    public void Format_ThenTryParse_RoundTrips()
    {
        var id = Guid.NewGuid();

        Assert.That(StepTicket.TryParse(StepTicket.Format(id, 7), out var parsed, out var version), Is.True);
        Assert.That((parsed, version), Is.EqualTo((id, 7)));
    }

    [TestCase(null, TestName = "TryParse_Missing_False")]
    [TestCase("", TestName = "TryParse_Empty_False")]
    [TestCase("0123456789abcdef0123456789abcdef", TestName = "TryParse_NoVersion_False")]
    [TestCase("0123456789abcdef0123456789abcdef.", TestName = "TryParse_EmptyVersion_False")]
    [TestCase("0123456789abcdef0123456789abcdef.-1", TestName = "TryParse_NegativeVersion_False")]
    [TestCase("0123456789abcdef0123456789abcdef.+1", TestName = "TryParse_SignedVersion_False")]
    [TestCase("0123456789abcdef0123456789abcdef.1 ", TestName = "TryParse_TrailingSpace_False")]
    [TestCase("0123456789abcdef0123456789abcdef.99999999999", TestName = "TryParse_VersionOverflow_False")]
    [TestCase("0123456789abcdef0123456789abcdeg.1", TestName = "TryParse_NotHex_False")]
    [TestCase("0123456789abcdef-0123456789abcdef.1", TestName = "TryParse_WrongIdShape_False")]
    [TestCase("{01234567-89ab-cdef-0123-456789abcdef}.1", TestName = "TryParse_BracedGuid_False")]
    public void TryParse_Malformed_False(string? text) =>
        Assert.That(StepTicket.TryParse(text, out _, out _), Is.False);

    [Test]
    public void TryParse_Huge_FalseWithoutReadingIt() =>
        Assert.That(StepTicket.TryParse(new string('a', 1_000_000), out _, out _), Is.False);

    [Test]
    public void Progress_StoredAndRead_KeepsTheStepsFindings()
    {
        var progress = new SignInProgress
        {
            Authentication = new EsiaAuthentication("subject-hash", DateTimeOffset.UnixEpoch.AddDays(20000), ["pwd"], "urn:esia:level:confirmed")
            {
                PersonSnilsHash = "snils-hash", PersonNameBirthHash = "name-birth-hash", Age = 15,
            },
            Choices = ["d38-1", "d38-2"],
            ChosenAccountId = "d38-2",
            LinkMethod = "snils",
            RuleId = "R-MATCH-2",
            ConsentTextVersion = "3",
        };

        var stored = System.Text.Json.JsonSerializer.Serialize(progress, Web);
        var read = SignInInteraction.ReadProgress(stored)!;

        Assert.That(read.Authentication, Is.EqualTo(progress.Authentication).Using<EsiaAuthentication>((a, b) =>
            a.EsiaSubjectHash == b.EsiaSubjectHash && a.AuthTime == b.AuthTime && a.Amr.SequenceEqual(b.Amr) && a.Acr == b.Acr &&
            a.PersonSnilsHash == b.PersonSnilsHash && a.PersonNameBirthHash == b.PersonNameBirthHash && a.Age == b.Age));
        Assert.That((read.ChosenAccountId, read.LinkMethod, read.RuleId, read.ConsentTextVersion), Is.EqualTo(("d38-2", "snils", "R-MATCH-2", "3")));
        Assert.That(read.Choices, Is.EqualTo(new[] { "d38-1", "d38-2" }));
    }

    [TestCase("{", TestName = "ReadProgress_Truncated_Null")]
    [TestCase("[1,2]", TestName = "ReadProgress_NotAnObject_Null")]
    [TestCase("{\"choices\":\"not a list\"}", TestName = "ReadProgress_WrongShape_Null")]
    public void ReadProgress_Unreadable_Null(string stored) =>
        Assert.That(SignInInteraction.ReadProgress(stored), Is.Null);

    [Test]
    public void ReadProgress_NoneYet_Empty() =>
        Assert.That(SignInInteraction.ReadProgress(null), Is.Not.Null.And.Property(nameof(SignInProgress.ChosenAccountId)).Null);

    [Test]
    public void LifetimeAt_EveryWaitingStep_HasOne()
    {
        var options = new BrokerOptions();
        foreach (var step in Enum.GetValues<SignInStep>())
        {
            Assert.That(SignInInteraction.LifetimeAt(step, options), Is.GreaterThan(TimeSpan.Zero), step.ToString());
        }

        Assert.That(SignInInteraction.LifetimeAt(SignInStep.ManualLink, options), Is.EqualTo(options.ManualLink.FormLifetime), "configurable (ManualLinkOptions)");
    }

    [Test]
    public void StepNames_EveryStep_RoundTripsAndUnknownIsNull()
    {
        foreach (var step in Enum.GetValues<SignInStep>())
        {
            Assert.That(SignInSteps.Parse(SignInSteps.Name(step)), Is.EqualTo(step));
        }

        Assert.That(SignInSteps.Parse("finished"), Is.Null);
        Assert.That(SignInSteps.Parse(null), Is.Null);
    }
}
