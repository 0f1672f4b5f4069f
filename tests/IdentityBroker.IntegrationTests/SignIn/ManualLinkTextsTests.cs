using IdentityBroker.Server.Interaction;

namespace IdentityBroker.IntegrationTests.SignIn;

/// <summary>R-MATCH-6: the wait shown to a delayed person, in Russian words with the right plural, rounded up.</summary>
public sealed class ManualLinkTextsTests
{
    [TestCase(0.2, "1 секунду", TestName = "WaitTime_Rmatch6_UnderASecond_OneSecond")]
    [TestCase(1, "1 секунду", TestName = "WaitTime_Rmatch6_1s")]
    [TestCase(2, "2 секунды", TestName = "WaitTime_Rmatch6_2s")]
    [TestCase(5, "5 секунд", TestName = "WaitTime_Rmatch6_5s")]
    [TestCase(11, "11 секунд", TestName = "WaitTime_Rmatch6_11s_NotOne")]
    [TestCase(21, "21 секунду", TestName = "WaitTime_Rmatch6_21s")]
    [TestCase(29.4, "30 секунд", TestName = "WaitTime_Rmatch6_RoundedUp")]
    [TestCase(60, "1 минуту", TestName = "WaitTime_Rmatch6_1min")]
    [TestCase(61, "2 минуты", TestName = "WaitTime_Rmatch6_61s_TwoMinutes")]
    [TestCase(14 * 60, "14 минут", TestName = "WaitTime_Rmatch6_14min")]
    [TestCase(22 * 60, "22 минуты", TestName = "WaitTime_Rmatch6_22min")]
    [TestCase(3599.5, "1 час", TestName = "WaitTime_Rmatch6_JustUnderAnHour_OneHour")]
    [TestCase(3600, "1 час", TestName = "WaitTime_Rmatch6_1h")]
    [TestCase(3600 + 5 * 60, "1 час 5 минут", TestName = "WaitTime_Rmatch6_1h5min")]
    [TestCase(2 * 3600 + 60, "2 часа 1 минуту", TestName = "WaitTime_Rmatch6_2h1min")]
    [TestCase(5 * 3600, "5 часов", TestName = "WaitTime_Rmatch6_5h")]
    public void WaitTime_InWords(double seconds, string expected) =>
        Assert.That(ManualLinkTexts.WaitTime(TimeSpan.FromSeconds(seconds)), Is.EqualTo(expected));

    [Test]
    public void Delayed_Rmatch6_SaysHowLongAndWhomToAsk() =>
        Assert.That(ManualLinkTexts.Delayed(TimeSpan.FromSeconds(30)),
            Is.EqualTo("Слишком много попыток входа. Повторите попытку через 30 секунд. Если вы не помните пароль, обратитесь в школу."));
}
