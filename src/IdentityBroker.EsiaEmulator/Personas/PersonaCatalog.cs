using System.Text.Json;

namespace IdentityBroker.EsiaEmulator.Personas;

/// <summary>The test people, loaded and checked once from a personas.json file.</summary>
public sealed class PersonaCatalog
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private readonly Dictionary<string, PersonaRecord> _byKey;
    private readonly Dictionary<long, PersonaRecord> _byOid;

    private PersonaCatalog(List<PersonaRecord> personas)
    {
        All = personas;
        _byKey = personas.ToDictionary(p => p.Key, StringComparer.Ordinal);
        _byOid = personas.ToDictionary(p => p.Oid);
    }

    public IReadOnlyList<PersonaRecord> All { get; }

    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "personas.json");

    public PersonaRecord? FindByKey(string key) => _byKey.GetValueOrDefault(key);

    public PersonaRecord? FindByOid(long oid) => _byOid.GetValueOrDefault(oid);

    /// <summary>Loads the file and throws <see cref="InvalidDataException"/> naming the first broken persona.</summary>
    public static PersonaCatalog Load(string path)
    {
        var file = JsonSerializer.Deserialize<PersonaFile>(File.ReadAllText(path), JsonOptions)
            ?? throw new InvalidDataException($"{path}: empty persona file.");
        var errors = PersonaValidator.Validate(file.Personas).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidDataException($"{path}: " + string.Join("; ", errors));
        }

        return new PersonaCatalog(file.Personas);
    }
}
