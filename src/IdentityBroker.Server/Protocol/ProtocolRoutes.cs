namespace IdentityBroker.Server.Protocol;

/// <summary>The broker's public routes.</summary>
internal static class ProtocolRoutes
{
    public const string Discovery = "/.well-known/openid-configuration";
    public const string Jwks = "/.well-known/jwks.json";
    public const string Authorize = "/connect/authorize";
    public const string Token = "/connect/token";
    public const string UserInfo = "/connect/userinfo";
    public const string Revocation = "/connect/revocation";
    public const string Introspection = "/connect/introspect";
    public const string PushedAuthorization = "/connect/par";
    public const string EsiaCallback = "/signin-esia";
    public const string ChooseAccount = "/signin/choose";
    public const string ManualLink = "/signin/link"; // R-MATCH-6, Interaction/CredentialsEndpoints.cs
    public const string PasswordFallback = "/signin/password"; // R-REGION-3, Interaction/CredentialsEndpoints.cs
    public const string ChooseRegion = "/signin/region"; // R-REGION-2, Interaction/RegionChoiceEndpoint.cs
    public const string EndSession = "/connect/endsession";
    public const string EndSessionConfirm = "/connect/endsession/confirm";
    public const string SignOutDone = "/signout/done";
}
