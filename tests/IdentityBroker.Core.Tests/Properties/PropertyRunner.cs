using FsCheck;
using FsCheck.Fluent;

namespace IdentityBroker.Core.Tests.Properties;

/// <summary>
/// Runs FsCheck properties from plain NUnit [Test]s with Check.One (FsCheck.NUnit's [Property] was not tried against
/// NUnit 4.6.1; plain tests need only the FsCheck package). A failing property throws with the counterexample.
/// </summary>
internal static class PropertyRunner
{
    /// <summary>Cases per property: 500–1000 keeps the whole project under ~10 s.</summary>
    public const int Cases = 1000;

    public static void Check<T>(Gen<T> gen, Func<T, bool> property, int cases = Cases) =>
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(cases).WithQuietOnSuccess(true), Prop.ForAll(gen.ToArbitrary(), property));

    /// <summary>A string with every non-ASCII or control character shown as \uXXXX, so counterexamples are readable.</summary>
    public static string Show(string? s) =>
        s is null ? "null" : "\"" + string.Concat(s.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}")) + "\"";
}
