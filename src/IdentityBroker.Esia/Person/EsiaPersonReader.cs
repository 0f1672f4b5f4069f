using System.Globalization;
using System.Text.Json;
using IdentityBroker.Core.People;
using IdentityBroker.Esia.Tokens;

namespace IdentityBroker.Esia.Person;

/// <summary>
/// Builds <see cref="EsiaPerson"/> from <c>/rs/prns/{oid}?embed=(documents.elements)</c> (ESIA.md §6.2, §6.3) and the
/// ID token, gathering the level signals for <see cref="AccountLevelClassifier"/> (ESIA.md §7): SNILS present and the
/// <c>rIdDoc</c> document verified → standard; <c>trusted</c> or <c>PR</c> → confirmed; <c>KD</c> → child.
/// </summary>
internal static class EsiaPersonReader
{
    /// <summary>ESIA.md §6.1: the person with embedded documents, so <c>rIdDoc</c>'s verification status is at hand.</summary>
    public static string PersonPath(string oid) => PersonPath(oid, []);

    /// <summary>
    /// The person with embedded documents, plus <c>contacts.elements</c> only when <paramref name="scopes"/> ask for
    /// email or mobile (no scope, no data: ESIA would answer 403 for the collection).
    /// </summary>
    public static string PersonPath(string oid, IReadOnlyCollection<string> scopes)
    {
        var embeds = WantsContacts(scopes) ? "documents.elements,contacts.elements" : "documents.elements";
        return "/rs/prns/" + Uri.EscapeDataString(oid) + "?embed=(" + embeds + ")";
    }

    /// <summary>
    /// The person with only the optional collections that were both requested (<paramref name="requested"/>, the region's
    /// scopes) and granted (<paramref name="granted"/>, the access token's scopes): documents for a document scope, contacts
    /// for email or mobile. Without any, the bare person.
    /// </summary>
    public static string PersonPath(string oid, IReadOnlyCollection<string> requested, IReadOnlyCollection<string> granted)
    {
        var embeds = new List<string>(2);
        if (WantsDocuments(requested) && WantsDocuments(granted))
        {
            embeds.Add("documents.elements");
        }

        if (WantsContacts(requested) && WantsContacts(granted))
        {
            embeds.Add("contacts.elements");
        }

        return BarePersonPath(oid) + (embeds.Count == 0 ? string.Empty : "?embed=(" + string.Join(',', embeds) + ")");
    }

    /// <summary><c>/rs/prns/{oid}</c> without embedded collections.</summary>
    public static string BarePersonPath(string oid) => "/rs/prns/" + Uri.EscapeDataString(oid);

    /// <summary>The scopes that release documents (ESIA.md §6.3): identity document, birth certificate and the others.</summary>
    public static bool WantsDocuments(IReadOnlyCollection<string> scopes) =>
        scopes.Any(s => s is "id_doc" or "birth_cert_doc" or "medical_doc" or "military_doc" or "foreign_passport_doc"
            or "drivers_licence_doc" or "residence_doc" or "temporary_residence_doc");

    /// <summary><c>/rs/prns/{oid}/kids?embed=(elements)</c> (ESIA.md §6.3).</summary>
    public static string KidsPath(string oid) => "/rs/prns/" + Uri.EscapeDataString(oid) + "/kids?embed=(elements)";

    public static bool WantsContacts(IReadOnlyCollection<string> scopes) =>
        scopes.Contains("email") || scopes.Contains("mobile") || scopes.Contains("contacts");

    public static bool WantsChildren(IReadOnlyCollection<string> scopes) =>
        scopes.Any(s => s.StartsWith("kid_", StringComparison.Ordinal));

    /// <summary>The embedded <c>contacts.elements</c>; empty when absent.</summary>
    public static IReadOnlyList<EsiaContact> ReadContacts(JsonElement person)
    {
        var result = new List<EsiaContact>();
        foreach (var contact in Elements(person, "contacts"))
        {
            if (Text(contact, "type") is { } type && Text(contact, "value") is { } value)
            {
                result.Add(new EsiaContact(type, value, Text(contact, "vrfStu") == "VERIFIED"));
            }
        }

        return result;
    }

    /// <summary>The kids collection with embedded elements (ESIA.md §6.3); elements without an id are skipped.</summary>
    public static IReadOnlyList<EsiaChild> ReadChildren(JsonElement collection)
    {
        if (collection.ValueKind != JsonValueKind.Object ||
            !collection.TryGetProperty("elements", out var elements) || elements.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("kids collection has no elements");
        }

        var result = new List<EsiaChild>();
        foreach (var kid in elements.EnumerateArray())
        {
            if (kid.ValueKind != JsonValueKind.Object || EsiaIdentity.ReadId(kid, "id") is not { } kidId)
            {
                continue;
            }

            var name = Text(kid, "lastName") is { } last && Text(kid, "firstName") is { } first
                ? new PersonName(last, first, Text(kid, "middleName"))
                : null;
            var hasKidAccount = kid.TryGetProperty("kidAccount", out var account) && account.ValueKind == JsonValueKind.Object;
            var oid = EsiaIdentity.ReadId(kid, "oid") ?? (hasKidAccount ? EsiaIdentity.ReadId(account, "oid") : null);
            result.Add(new EsiaChild(
                kidId,
                oid,
                name,
                BirthDate(Text(kid, "birthDate")),
                Gender(Text(kid, "gender")),
                Snils.TryParse(Text(kid, "snils"), out var snils) ? snils : null,
                hasKidAccount ? AccountLevel.Child : null,
                hasKidAccount || (kid.TryGetProperty("hasAccount", out var has) && EsiaIdentity.IsTrue(has))));
        }

        return result;
    }

    private static IEnumerable<JsonElement> Elements(JsonElement obj, string collection) =>
        obj.TryGetProperty(collection, out var c) && c.ValueKind == JsonValueKind.Object &&
        c.TryGetProperty("elements", out var e) && e.ValueKind == JsonValueKind.Array
            ? e.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object)
            : [];

    public static EsiaPerson Read(EsiaIdentity identity, JsonElement person)
    {
        if (person.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("not a JSON object");
        }

        var lastName = Text(person, "lastName") ?? throw Invalid("lastName missing");
        var firstName = Text(person, "firstName") ?? throw Invalid("firstName missing");
        var name = new PersonName(lastName, firstName, Text(person, "middleName"));
        var trusted = person.TryGetProperty("trusted", out var t) && EsiaIdentity.IsTrue(t);
        var snils = Snils.TryParse(Text(person, "snils"), out var parsed) ? parsed : null;

        var signals = new AccountLevelSignals(
            identity.SubjectLevel,
            identity.IsTrusted || trusted,
            snils is not null,
            HasVerifiedIdentityDocument(person));
        var blocked = string.Equals(Text(person, "status"), "DELETED", StringComparison.OrdinalIgnoreCase);

        return new EsiaPerson(
            identity.Oid,
            name,
            BirthDate(Text(person, "birthDate")),
            Gender(Text(person, "gender")),
            snils,
            AccountLevelClassifier.Classify(signals),
            blocked,
            ReadBirthCertificate(person));
    }

    /// <summary>
    /// R-MATCH-3: the embedded Russian birth certificate (<c>RF_BRTH_CERT</c>, ESIA.md §6.2), series and number; a verified
    /// one first. Foreign and old-style certificates (<c>FID_BRTH_CERT</c>, <c>OLD_BRTH_CERT</c>) are not compared: diaries
    /// hold the Russian series and number.
    /// </summary>
    internal static BirthCertificate? ReadBirthCertificate(JsonElement person) =>
        Elements(person, "documents")
            .Where(d => Text(d, "type") == "RF_BRTH_CERT")
            .OrderByDescending(d => Text(d, "vrfStu") == "VERIFIED")
            .Select(d => BirthCertificate.Create(Text(d, "series"), Text(d, "number")))
            .FirstOrDefault(c => c is not null);

    /// <summary>The document named by <c>rIdDoc</c> is among the embedded documents with <c>vrfStu=VERIFIED</c>.</summary>
    internal static bool HasVerifiedIdentityDocument(JsonElement person)
    {
        var docId = EsiaIdentity.ReadId(person, "rIdDoc");
        if (docId is null ||
            !person.TryGetProperty("documents", out var documents) || documents.ValueKind != JsonValueKind.Object ||
            !documents.TryGetProperty("elements", out var elements) || elements.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var document in elements.EnumerateArray())
        {
            if (document.ValueKind == JsonValueKind.Object && EsiaIdentity.ReadId(document, "id") == docId)
            {
                return Text(document, "vrfStu") == "VERIFIED";
            }
        }

        return false;
    }

    private static DateOnly? BirthDate(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return DateOnly.TryParseExact(text, "dd.MM.yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw Invalid("birthDate is not dd.MM.yyyy");
    }

    private static Gender? Gender(string? text) => text?.ToUpperInvariant() switch
    {
        "M" => Core.People.Gender.Male,
        "F" => Core.People.Gender.Female,
        _ => null,
    };

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : null;

    private static EsiaException Invalid(string reason) =>
        new(EsiaFailureKind.InvalidResponse, $"ESIA person data rejected: {reason}.");
}
