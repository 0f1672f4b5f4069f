namespace IdentityBroker.Core.SignIn;

/// <summary>The rule IDs of REQUIREMENTS.md, as recorded in audit records and named in code and tests.</summary>
public static class RuleIds
{
    public const string Level1 = "R-LEVEL-1";
    public const string Level2 = "R-LEVEL-2";
    public const string Level3 = "R-LEVEL-3";
    public const string Level4 = "R-LEVEL-4";
    public const string Level5 = "R-LEVEL-5";
    public const string Match1 = "R-MATCH-1";
    public const string Match2 = "R-MATCH-2";
    public const string Match3 = "R-MATCH-3";
    public const string Match5 = "R-MATCH-5";
    public const string Match6 = "R-MATCH-6";
    public const string Match7 = "R-MATCH-7";
    public const string Match8 = "R-MATCH-8";
}
