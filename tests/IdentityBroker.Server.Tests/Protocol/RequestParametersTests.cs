using IdentityBroker.Server.Protocol;
using Microsoft.Extensions.Primitives;

namespace IdentityBroker.Server.Tests.Protocol;

/// <summary>
/// <see cref="RequestParameters.Check"/> and <see cref="ParameterLimits"/> (issue #10 items 3–5): RFC 6749 §3.1 (no
/// repeats), Appendix A (no control characters), the per-parameter length limits of docs/limits.md.
/// </summary>
public sealed class RequestParametersTests
{
    [Test]
    public void Check_OrdinaryRequest_ValidWithEveryValue()
    {
        var read = RequestParameters.Check([Pair("client_id", "diary-web"), Pair("scope", "openid diary"), Pair("state", "Привет")]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(read.Kind, Is.EqualTo(ParameterProblem.None));
            Assert.That(read.Valid, Is.Not.Null);
            Assert.That(read.Valid!["scope"], Is.EqualTo(new[] { "openid diary" }));
            Assert.That(read.Valid["state"], Is.EqualTo(new[] { "Привет" }));
        }
    }

    [Test]
    public void Check_Rfc6749Section31_RepeatedParameter_ReportedWithParametersKept()
    {
        var read = RequestParameters.Check([Pair("client_id", "a"), new("state", new StringValues(["1", "2"]))]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(read.Kind, Is.EqualTo(ParameterProblem.Repeated));
            Assert.That(read.Problem, Does.StartWith("state is repeated"));
            Assert.That(read.Valid, Is.Null);
            Assert.That(read.Parameters!["state"], Is.EqualTo(new[] { "1", "2" }), "kept so authorize can still answer by redirect");
        }
    }

    /// <summary>Each listed limit: a value of exactly the limit passes, one character more is refused naming the parameter.</summary>
    [TestCaseSource(typeof(ParameterLimits), nameof(ParameterLimits.All))]
    public void Check_ParameterLimits_ValueAtLimitAcceptedOneMoreRefused(KeyValuePair<string, int> limit)
    {
        var (name, max) = limit;

        var atLimit = RequestParameters.Check([Pair(name, new string('a', max))]);
        var over = RequestParameters.Check([Pair(name, new string('a', max + 1))]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(atLimit.Kind, Is.EqualTo(ParameterProblem.None), name);
            Assert.That(over.Kind, Is.EqualTo(ParameterProblem.Limit), name);
            Assert.That(over.Problem, Is.EqualTo($"{name} is longer than {max} characters; send a shorter value."));
            Assert.That(over.Parameters, Is.Null);
        }
    }

    [Test]
    public void Check_UnlistedParameter_DefaultLimit()
    {
        Assert.That(RequestParameters.Check([Pair("utm_source", new string('a', ParameterLimits.Default))]).Kind, Is.EqualTo(ParameterProblem.None));
        Assert.That(RequestParameters.Check([Pair("utm_source", new string('a', ParameterLimits.Default + 1))]).Kind, Is.EqualTo(ParameterProblem.Limit));
    }

    [Test]
    public void Check_MaxParameters_OneMoreRefused()
    {
        var atLimit = Enumerable.Range(0, ParameterLimits.MaxParameters).Select(i => Pair("p" + i, "v")).ToList();

        Assert.That(RequestParameters.Check(atLimit).Kind, Is.EqualTo(ParameterProblem.None));
        var over = RequestParameters.Check([.. atLimit, Pair("one-more", "v")]);
        Assert.That(over.Kind, Is.EqualTo(ParameterProblem.Limit));
        Assert.That(over.Problem, Does.Contain($"more than {ParameterLimits.MaxParameters} parameters"));
    }

    [Test]
    public void Check_RepeatedValuesCountTowardsMaxParameters()
    {
        var values = new StringValues(Enumerable.Repeat("v", ParameterLimits.MaxParameters + 1).ToArray());

        Assert.That(RequestParameters.Check([new("state", values)]).Kind, Is.EqualTo(ParameterProblem.Limit));
    }

    [Test]
    public void Check_NameLength_OneMoreRefused()
    {
        Assert.That(RequestParameters.Check([Pair(new string('n', ParameterLimits.MaxNameLength), "v")]).Kind, Is.EqualTo(ParameterProblem.None));
        Assert.That(RequestParameters.Check([Pair(new string('n', ParameterLimits.MaxNameLength + 1), "v")]).Kind, Is.EqualTo(ParameterProblem.Limit));
    }

    [TestCase("\0")]
    [TestCase("\n")]
    [TestCase("\u001f")]
    [TestCase("\u007f")]
    [TestCase("\u0085")]
    [TestCase("\u009f")]
    public void Check_Rfc6749AppendixA_ControlCharacterInValueOrName_Refused(string control)
    {
        var inValue = RequestParameters.Check([Pair("state", "a" + control + "b")]);
        var inName = RequestParameters.Check([Pair("st" + control, "v")]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(inValue.Kind, Is.EqualTo(ParameterProblem.Characters));
            Assert.That(inValue.Problem, Is.EqualTo("state contains a control character; remove it."), "names the field, never echoes the value");
            Assert.That(inName.Kind, Is.EqualTo(ParameterProblem.Characters));
        }
    }

    [TestCase(" ")]
    [TestCase("\u00a0")]
    [TestCase("ё")]
    public void HasControlCharacter_PrintableCharacters_False(string value) =>
        Assert.That(RequestParameters.HasControlCharacter(value), Is.False);

    [Test]
    public void One_SingleNonEmptyValueOnly()
    {
        var p = new Dictionary<string, string[]> { ["a"] = ["1"], ["b"] = ["1", "2"], ["c"] = [""], ["d"] = [] };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(p.One("a"), Is.EqualTo("1"));
            Assert.That(p.One("b"), Is.Null);
            Assert.That(p.One("c"), Is.Null);
            Assert.That(p.One("d"), Is.Null);
            Assert.That(p.One("missing"), Is.Null);
        }
    }

    private static KeyValuePair<string, StringValues> Pair(string name, string value) => new(name, value);
}
