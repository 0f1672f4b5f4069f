using IdentityBroker.Core.Directory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IdentityBroker.Server.Protocol.Tokens;

/// <summary>
/// R-TOKEN-2: what the broker tells a diary client about a person. <c>sub</c> is the diary account id. The
/// <c>diary</c> scope adds region, roles, schools and, for parents, the diary ids of their children; <c>profile</c>
/// adds the name as the diary has it. ESIA identifiers and SNILS are never released.
/// </summary>
internal static class DiaryClaims
{
    public static Dictionary<string, object> For(DiaryAccount account, IReadOnlySet<string> scopes, bool includeProfile)
    {
        var claims = new Dictionary<string, object>(StringComparer.Ordinal) { [JwtRegisteredClaimNames.Sub] = account.Id };
        if (scopes.Contains(ProtocolNames.Scopes.Diary))
        {
            claims[ProtocolNames.Claims.Region] = account.RegionCode;
            claims[ProtocolNames.Claims.Roles] = account.Roles.Select(r => r.ToString().ToLowerInvariant()).ToArray();
            claims[ProtocolNames.Claims.Schools] = account.Schools.Select(s => new Dictionary<string, object> { ["id"] = s.Id, ["name"] = s.Name }).ToArray();
            if (account.ChildIds.Count > 0)
            {
                claims[ProtocolNames.Claims.Children] = account.ChildIds.ToArray();
            }
        }

        if (includeProfile && scopes.Contains(OpenIdConnectScope.Profile))
        {
            claims[JwtRegisteredClaimNames.FamilyName] = account.Name.LastName;
            claims[JwtRegisteredClaimNames.GivenName] = account.Name.FirstName;
            if (!string.IsNullOrWhiteSpace(account.Name.MiddleName))
            {
                claims[JwtRegisteredClaimNames.MiddleName] = account.Name.MiddleName!;
            }

            claims[JwtRegisteredClaimNames.Name] = string.Join(' ', new[] { account.Name.LastName, account.Name.FirstName, account.Name.MiddleName }.Where(p => !string.IsNullOrWhiteSpace(p)));
            claims[JwtRegisteredClaimNames.PreferredUsername] = account.Login;
        }

        return claims;
    }
}
