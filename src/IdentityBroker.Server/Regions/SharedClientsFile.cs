namespace IdentityBroker.Server.Regions;

/// <summary>
/// <c>shared-clients.json</c> in the regions folder (R-REGION-2): the diary clients shared by regions (the mobile app, the
/// main site), declared once. For them the region is chosen per sign-in: the <c>region</c> request parameter, else the
/// region remembered for the browser, else the user picks it from a list. Format: docs/regions.md.
/// </summary>
public sealed class SharedClientsFile
{
    /// <summary>The file name the loader looks for; it is not a region file.</summary>
    public const string FileName = "shared-clients.json";

    public List<SharedClientFile> Clients { get; set; } = [];
}

/// <summary>A shared client: every key of a region's client, plus the regions it serves.</summary>
public sealed class SharedClientFile : ClientFile
{
    /// <summary>Region codes the client may sign in to; omitted: every configured region.</summary>
    public List<string>? Regions { get; set; }
}
