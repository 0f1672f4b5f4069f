using IdentityBroker.EsiaEmulator.Personas;

namespace IdentityBroker.EsiaEmulator.Rest;

/// <summary>Which scope releases which person data (ESIA.md §2.5, §6; MR 3254-3275).</summary>
internal static class ScopeRules
{
    public static readonly string[] PersonScopes =
    [
        "fullname", "birthdate", "gender", "citizenship", "snils", "inn", "id_doc", "birthplace", "medical_doc",
        "military_doc", "foreign_passport_doc", "drivers_licence_doc", "birth_cert_doc", "residence_doc",
        "temporary_residence_doc", "email", "mobile", "addresses", "usr_org",
    ];

    private static readonly Dictionary<string, string[]> DocumentScopes = new()
    {
        ["id_doc"] = ["RF_PASSPORT", "FID_DOC"],
        ["birth_cert_doc"] = ["RF_BRTH_CERT", "FID_BRTH_CERT", "OLD_BRTH_CERT"],
        ["medical_doc"] = ["MDCL_PLCY"],
        ["military_doc"] = ["MLTR_ID"],
        ["foreign_passport_doc"] = ["FRGN_PASS"],
        ["drivers_licence_doc"] = ["RF_DRIVING_LICENSE"],
    };

    private static readonly Dictionary<string, string[]> ContactScopes = new()
    {
        ["email"] = ["EML"],
        ["mobile"] = ["MBT", "PHN"],
    };

    public static bool AnyPersonScope(ISet<string> scopes) => PersonScopes.Any(scopes.Contains);

    public static bool AnyKidScope(ISet<string> scopes) => scopes.Any(s => s.StartsWith("kid_", StringComparison.Ordinal));

    public static HashSet<string> DocumentTypes(ISet<string> scopes, string prefix = "") =>
        DocumentScopes.Where(d => scopes.Contains(prefix + d.Key)).SelectMany(d => d.Value).ToHashSet();

    public static HashSet<string> ContactTypes(ISet<string> scopes, string prefix = "") =>
        ContactScopes.Where(c => scopes.Contains(prefix + c.Key)).SelectMany(c => c.Value).ToHashSet();

    /// <summary>Documents of a simplified or child account are not released on its own profile.</summary>
    public static IEnumerable<DocumentRecord> VisibleDocuments(PersonaRecord persona, ISet<string> scopes) =>
        AccountLevel.HasVerifiedData(persona.Level)
            ? persona.Documents.Where(d => DocumentTypes(scopes).Contains(d.Type))
            : [];

    public static IEnumerable<ContactRecord> VisibleContacts(PersonaRecord persona, ISet<string> scopes) =>
        persona.Contacts.Where(c => ContactTypes(scopes).Contains(c.Type));

    public static IEnumerable<AddressRecord> VisibleAddresses(PersonaRecord persona, ISet<string> scopes) =>
        scopes.Contains("addresses") ? persona.Addresses : [];
}
