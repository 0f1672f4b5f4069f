using IdentityBroker.Core.People;

namespace IdentityBroker.Core.Regions;

/// <summary>A region's sign-in policy (R-REGION-3, R-LEVEL-2).</summary>
/// <param name="AdultLevels">ESIA levels accepted for adults. Default: confirmed only (R-LEVEL-2).</param>
/// <param name="PasswordSignIn">Whether diary login/password sign-in is allowed (R-REGION-3). Default: forbidden.</param>
public sealed record RegionPolicy(IReadOnlySet<AccountLevel> AdultLevels, PasswordSignInMode PasswordSignIn)
{
    public static RegionPolicy Default { get; } =
        new(new HashSet<AccountLevel> { AccountLevel.Confirmed }, PasswordSignInMode.Forbidden);
}

/// <summary>R-REGION-3.</summary>
public enum PasswordSignInMode
{
    /// <summary>"In your region sign-in is possible only through Gosuslugi."</summary>
    Forbidden,

    /// <summary>Allowed only while ESIA is unavailable.</summary>
    FallbackWhenEsiaUnavailable,
}
