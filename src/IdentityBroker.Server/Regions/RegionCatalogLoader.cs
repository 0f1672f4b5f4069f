using System.Text.Json;
using System.Text.Json.Serialization;
using IdentityBroker.Core.People;
using IdentityBroker.Core.Regions;
using IdentityBroker.Esia;

namespace IdentityBroker.Server.Regions;

/// <summary>
/// Loads and validates the region files (R-REGION-1, R-REGION-4). Collects every problem, each naming the file, the
/// key and the fix, so an operator fixes them in one pass; the broker does not start while any remain.
/// </summary>
public static class RegionCatalogLoader
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static RegionCatalog Load(string directory)
    {
        var errors = new List<string>();
        var entries = new List<RegionEntry>();
        if (!System.IO.Directory.Exists(directory))
        {
            throw new RegionConfigurationException([$"IdentityBroker:RegionsDirectory: folder '{directory}' does not exist. Create it and add one <code>.json file per region (docs/regions.md)."]);
        }

        var files = System.IO.Directory.GetFiles(directory, "*.json")
            .Where(f => !string.Equals(Path.GetFileName(f), SharedClientsFile.FileName, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            errors.Add($"IdentityBroker:RegionsDirectory: no region files (*.json) in '{directory}'. Add at least one (docs/regions.md).");
        }

        foreach (var path in files)
        {
            var name = Path.GetFileName(path);
            RegionFile? file;
            try
            {
                file = JsonSerializer.Deserialize<RegionFile>(File.ReadAllText(path), Json);
            }
            catch (JsonException ex)
            {
                errors.Add($"{name}: not a valid region file: {ex.Message} Fix the JSON (docs/regions.md).");
                continue;
            }

            if (file is null)
            {
                errors.Add($"{name}: empty file. Remove it or fill it in (docs/regions.md).");
                continue;
            }

            if (RegionFileValidator.Validate(name, file, errors) is { } entry)
            {
                entries.Add(entry);
            }
        }

        foreach (var dup in entries.GroupBy(e => e.Region.Code).Where(g => g.Count() > 1))
        {
            errors.Add($"Region code {dup.Key} is defined more than once. Keep one file per region.");
        }

        var shared = LoadSharedClients(directory, entries.Select(e => e.Region.Code).Distinct().ToList(), errors);
        foreach (var dup in entries.SelectMany(e => e.Clients).Concat(shared).GroupBy(c => c.ClientId).Where(g => g.Count() > 1))
        {
            var where = dup.Select(c => c.IsShared ? SharedClientsFile.FileName : c.RegionCode);
            errors.Add($"Client id '{dup.Key}' is used in regions {string.Join(", ", where)}. Client ids must be unique.");
        }

        if (errors.Count > 0)
        {
            throw new RegionConfigurationException(errors);
        }

        return new RegionCatalog(entries, shared);
    }

    /// <summary>R-REGION-2: <c>shared-clients.json</c>, when present (no file: no shared clients).</summary>
    private static IReadOnlyList<RegisteredClient> LoadSharedClients(string directory, IReadOnlyCollection<string> regionCodes, List<string> errors)
    {
        var path = System.IO.Directory.GetFiles(directory, "*.json")
            .FirstOrDefault(f => string.Equals(Path.GetFileName(f), SharedClientsFile.FileName, StringComparison.OrdinalIgnoreCase));
        if (path is null)
        {
            return [];
        }

        SharedClientsFile? file;
        try
        {
            file = JsonSerializer.Deserialize<SharedClientsFile>(File.ReadAllText(path), Json);
        }
        catch (JsonException ex)
        {
            errors.Add($"{SharedClientsFile.FileName}: not a valid shared-clients file: {ex.Message} Fix the JSON (docs/regions.md, \"Clients shared by regions\").");
            return [];
        }

        if (file is null)
        {
            errors.Add($"{SharedClientsFile.FileName}: empty file. Remove it or declare the shared clients (docs/regions.md).");
            return [];
        }

        return SharedClientsValidator.Validate(file, regionCodes, errors);
    }

    internal static AccountLevel? ParseLevel(string text) => text.Trim().ToLowerInvariant() switch
    {
        "confirmed" => AccountLevel.Confirmed,
        "standard" => AccountLevel.Standard,
        _ => null,
    };

    internal static PasswordSignInMode? ParsePasswordMode(string text) => text.Trim().ToLowerInvariant() switch
    {
        "forbidden" => PasswordSignInMode.Forbidden,
        "fallback" => PasswordSignInMode.FallbackWhenEsiaUnavailable,
        _ => null,
    };
}

/// <summary>The region files are invalid; <see cref="Exception.Message"/> lists every problem.</summary>
public sealed class RegionConfigurationException(IReadOnlyList<string> errors)
    : Exception("Invalid region configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
