namespace IdentityBroker.Server.Admin;

/// <summary>Routes of the staff API (docs/diagnostics.md).</summary>
internal static class AdminRoutes
{
    /// <summary>R-ERR-1: a person's recent sign-in attempts, for school staff.</summary>
    public const string DiagnosticsAttempts = "/admin/diagnostics/attempts";
}
