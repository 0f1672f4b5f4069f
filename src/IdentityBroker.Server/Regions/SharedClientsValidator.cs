namespace IdentityBroker.Server.Regions;

/// <summary>
/// Validates <c>shared-clients.json</c> (R-REGION-2, R-REGION-4): every key of a region's client (the same checks), and
/// what only a shared client has: the regions it serves (configured region codes; omitted = all), no client_credentials
/// (a shared client acts for a signed-in user of a region, never for itself), no staff scopes. Each message names the
/// file, the key and the fix.
/// </summary>
internal static class SharedClientsValidator
{
    private const string File = SharedClientsFile.FileName;

    public static IReadOnlyList<RegisteredClient> Validate(SharedClientsFile file, IReadOnlyCollection<string> regionCodes, List<string> errors)
    {
        var clients = new List<RegisteredClient>();
        if (file.Clients.Count == 0)
        {
            errors.Add($"{File}: clients is empty. Declare at least one shared client, or delete the file (docs/regions.md).");
        }

        for (var i = 0; i < file.Clients.Count; i++)
        {
            var c = file.Clients[i];
            var at = $"{File}: clients[{i}]";
            var before = errors.Count;
            var regions = ValidateRegions(at, c.Regions, regionCodes, errors);

            if (c.GrantTypes.Contains("client_credentials"))
            {
                errors.Add($"{at}.grantTypes: a shared client cannot use client_credentials (a service client belongs to one region: declare it in that region's file).");
            }

            var client = RegionFileValidator.ValidateClient(File, i, RegisteredClient.SharedRegion, c, errors);
            if (client is not null && errors.Count == before)
            {
                clients.Add(client with { SharedRegionCodes = regions });
            }
        }

        return clients;
    }

    private static List<string> ValidateRegions(string at, List<string>? declared, IReadOnlyCollection<string> regionCodes, List<string> errors)
    {
        if (declared is null)
        {
            return regionCodes.Order(StringComparer.Ordinal).ToList();
        }

        if (declared.Count == 0)
        {
            errors.Add($"{at}.regions is empty: list the region codes the client serves, e.g. [\"38\", \"55\"], or remove the key to serve every region.");
        }

        foreach (var code in declared.Where(code => !regionCodes.Contains(code)))
        {
            errors.Add($"{at}.regions: '{(code.Length > 10 ? code[..10] + "…" : code)}' is not a configured region (configured: {string.Join(", ", regionCodes.Order(StringComparer.Ordinal))}). Add its region file or remove the code.");
        }

        foreach (var dup in declared.GroupBy(code => code, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"{at}.regions: '{dup.Key}' is listed twice; list each region once.");
        }

        return declared.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }
}
