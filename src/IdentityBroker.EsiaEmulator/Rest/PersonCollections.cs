using System.Text.Json.Nodes;
using IdentityBroker.EsiaEmulator.Personas;

namespace IdentityBroker.EsiaEmulator.Rest;

/// <summary>One collection element: its id and how to render it.</summary>
internal sealed record CollectionItem(long Id, Func<JsonObject> Render);

/// <summary>The person collections (<c>docs</c>, <c>ctts</c>, <c>addrs</c>, <c>kids</c>) with their scope checks.</summary>
internal sealed class PersonCollections(PersonaCatalog catalog, PersonJson json)
{
    /// <summary>REST collection name → embed name on the person (<c>?embed=(documents.elements)</c>).</summary>
    public static readonly IReadOnlyDictionary<string, string> EmbedNames = new Dictionary<string, string>
    {
        ["docs"] = "documents",
        ["ctts"] = "contacts",
        ["addrs"] = "addresses",
        ["kids"] = "kids",
    };

    /// <summary>The visible elements, or null when the token has no scope for this collection (HTTP 403).</summary>
    public IReadOnlyList<CollectionItem>? Items(string collection, PersonaRecord p, ISet<string> scopes) => collection switch
    {
        "docs" when ScopeRules.DocumentTypes(scopes).Count > 0 =>
            ScopeRules.VisibleDocuments(p, scopes).Select(d => new CollectionItem(d.Id, () => json.Document(d))).ToList(),
        "ctts" when ScopeRules.ContactTypes(scopes).Count > 0 =>
            ScopeRules.VisibleContacts(p, scopes).Select(c => new CollectionItem(c.Id, () => PersonJson.Contact(c))).ToList(),
        "addrs" when scopes.Contains("addresses") =>
            ScopeRules.VisibleAddresses(p, scopes).Select(a => new CollectionItem(a.Id, () => PersonJson.Address(a))).ToList(),
        "kids" when ScopeRules.AnyKidScope(scopes) =>
            p.Kids.Select(k => new CollectionItem(k.Id, () => json.Kid(k, catalog.FindByKey(k.PersonaKey)!, scopes))).ToList(),
        _ => null,
    };

    /// <summary>Documents of a parent's kid, released by <c>kid_*_doc</c> scopes; null without such a scope.</summary>
    public IReadOnlyList<CollectionItem>? KidDocuments(PersonaRecord parent, long kidId, ISet<string> scopes)
    {
        var types = ScopeRules.DocumentTypes(scopes, "kid_");
        var link = parent.Kids.FirstOrDefault(k => k.Id == kidId);
        if (types.Count == 0 || link is null)
        {
            return null;
        }

        var kid = catalog.FindByKey(link.PersonaKey)!;
        return kid.Documents.Where(d => types.Contains(d.Type)).Select(d => new CollectionItem(d.Id, () => json.Document(d))).ToList();
    }

    /// <summary><c>{"stateFacts":["hasSize"],"size":N,"elements":[…]}</c> with objects or absolute element URLs.</summary>
    public static JsonObject Render(IReadOnlyList<CollectionItem> items, bool embed, string baseUrl) =>
        PersonJson.Collection(items.Select(i => embed ? (JsonNode)i.Render() : JsonValue.Create($"{baseUrl}/{i.Id}")).ToList());

    /// <summary>Parses <c>(documents.elements,contacts.elements)</c> or <c>(elements)</c>.</summary>
    public static HashSet<string> ParseEmbed(string? embed) =>
        (embed ?? "").Trim('(', ')').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.Ordinal);
}
