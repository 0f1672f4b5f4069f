using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using IdentityBroker.EsiaEmulator.Personas;

namespace IdentityBroker.EsiaEmulator.Rest;

/// <summary>ESIA REST shapes for a person and its collections (ESIA.md §6.2-§6.3).</summary>
internal sealed class PersonJson(DateOnly today)
{
    private const long UpdatedOn = 1700000000;

    public JsonObject Person(PersonaRecord p, ISet<string> scopes)
    {
        var verified = AccountLevel.HasVerifiedData(p.Level);
        var o = new JsonObject { ["stateFacts"] = Facts("EntityRoot") };
        if (scopes.Contains("fullname"))
        {
            o["firstName"] = p.FirstName;
            o["lastName"] = p.LastName;
            if (p.MiddleName is not null)
            {
                o["middleName"] = p.MiddleName;
            }
        }

        if (scopes.Contains("birthdate"))
        {
            o["birthDate"] = Date(p.BirthDate);
        }

        if (scopes.Contains("birthplace") && p.BirthPlace is not null)
        {
            o["birthPlace"] = p.BirthPlace;
        }

        if (scopes.Contains("gender"))
        {
            o["gender"] = p.Gender;
        }

        o["trusted"] = AccountLevel.IsTrusted(p.Level);
        o["verifying"] = false;
        if (verified && (scopes.Contains("citizenship") || scopes.Contains("id_doc")))
        {
            o["citizenship"] = p.Citizenship;
        }

        if (verified && scopes.Contains("snils") && p.Snils is not null)
        {
            o["snils"] = p.Snils;
        }

        if (AccountLevel.IsTrusted(p.Level) && scopes.Contains("inn") && p.Inn is not null)
        {
            o["inn"] = p.Inn;
        }

        o["updatedOn"] = UpdatedOn;
        o["status"] = "REGISTERED";
        if (verified && scopes.Contains("id_doc") && p.Documents.FirstOrDefault(d => d.Type is "RF_PASSPORT" or "FID_DOC") is { } idDoc)
        {
            o["rIdDoc"] = idDoc.Id;
        }

        o["containsUpCfmCode"] = false;
        return WithETag(o);
    }

    public JsonObject Document(DocumentRecord d)
    {
        var o = new JsonObject { ["stateFacts"] = Facts("Identifiable"), ["id"] = d.Id, ["type"] = d.Type, ["vrfStu"] = d.VrfStu };
        Add(o, "series", d.Series);
        Add(o, "number", d.Number);
        Add(o, "issueDate", d.IssueDate is null ? null : Date(d.IssueDate));
        Add(o, "issueId", d.IssueId);
        Add(o, "issuedBy", d.IssuedBy);
        return WithETag(o);
    }

    public static JsonObject Contact(ContactRecord c) => WithETag(new JsonObject
    {
        ["stateFacts"] = Facts("Identifiable"), ["id"] = c.Id, ["type"] = c.Type, ["vrfStu"] = c.VrfStu, ["value"] = c.Value,
    });

    public static JsonObject Address(AddressRecord a)
    {
        var o = new JsonObject { ["stateFacts"] = Facts("Identifiable"), ["id"] = a.Id, ["type"] = a.Type };
        Add(o, "addressStr", a.AddressStr);
        Add(o, "countryId", a.CountryId);
        Add(o, "zipCode", a.ZipCode);
        Add(o, "region", a.Region);
        Add(o, "city", a.City);
        Add(o, "street", a.Street);
        Add(o, "house", a.House);
        Add(o, "flat", a.Flat);
        return WithETag(o);
    }

    /// <summary>A kid element in a parent's profile; fields follow the parent's <c>kid_*</c> scopes.</summary>
    public JsonObject Kid(KidLink link, PersonaRecord kid, ISet<string> scopes)
    {
        var o = new JsonObject { ["stateFacts"] = Facts("Identifiable"), ["id"] = link.Id, ["oid"] = kid.Oid };
        if (scopes.Contains("kid_fullname"))
        {
            o["firstName"] = kid.FirstName;
            o["lastName"] = kid.LastName;
            Add(o, "middleName", kid.MiddleName);
        }

        if (scopes.Contains("kid_birthdate"))
        {
            o["birthDate"] = Date(kid.BirthDate);
        }

        if (scopes.Contains("kid_gender"))
        {
            o["gender"] = kid.Gender;
        }

        if (scopes.Contains("kid_snils"))
        {
            Add(o, "snils", kid.Snils);
        }

        o["trusted"] = kid.Documents.Any(d => d.VrfStu == "VERIFIED");
        o["hasAccount"] = true;
        if (kid.Level == AccountLevel.Child)
        {
            // a child account created from this parent's profile (ESIA.md §6.3 kidAccount)
            o["kidAccount"] = new JsonObject { ["oid"] = kid.Oid, ["linkedToChildAccount"] = true };
        }

        o["updatedOn"] = UpdatedOn;
        return WithETag(o);
    }

    public static JsonObject Collection(IReadOnlyCollection<JsonNode> elements) => new()
    {
        ["stateFacts"] = Facts("hasSize"),
        ["size"] = elements.Count,
        ["elements"] = new JsonArray(elements.Select(e => e.DeepClone()).ToArray()),
    };

    private string Date(string value) => RelativeDate.Format(RelativeDate.Resolve(value, today));

    private static JsonArray Facts(string fact) => new(JsonValue.Create(fact));

    private static void Add(JsonObject o, string name, string? value)
    {
        if (value is not null)
        {
            o[name] = value;
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "An opaque version tag of a document, as ESIA sends one; nothing is protected by it.")]
    private static JsonObject WithETag(JsonObject o)
    {
        o["eTag"] = Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(o.ToJsonString())));
        return o;
    }
}
