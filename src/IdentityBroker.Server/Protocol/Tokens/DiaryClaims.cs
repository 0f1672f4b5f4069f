using IdentityBroker.Core.Directory;

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
        var claims = new Dictionary<string, object>(StringComparer.Ordinal) { ["sub"] = account.Id };
        if (scopes.Contains("diary"))
        {
            claims["region"] = account.RegionCode;
            claims["roles"] = account.Roles.Select(r => r.ToString().ToLowerInvariant()).ToArray();
            claims["schools"] = account.Schools.Select(s => new Dictionary<string, object> { ["id"] = s.Id, ["name"] = s.Name }).ToArray();
            if (account.ChildIds.Count > 0)
            {
                claims["children"] = account.ChildIds.ToArray();
            }
        }

        if (includeProfile && scopes.Contains("profile"))
        {
            claims["family_name"] = account.Name.LastName;
            claims["given_name"] = account.Name.FirstName;
            if (!string.IsNullOrWhiteSpace(account.Name.MiddleName))
            {
                claims["middle_name"] = account.Name.MiddleName!;
            }

            claims["name"] = string.Join(' ', new[] { account.Name.LastName, account.Name.FirstName, account.Name.MiddleName }.Where(p => !string.IsNullOrWhiteSpace(p)));
            claims["preferred_username"] = account.Login;
        }

        return claims;
    }
}
