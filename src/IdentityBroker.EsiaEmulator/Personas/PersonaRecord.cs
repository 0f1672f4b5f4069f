namespace IdentityBroker.EsiaEmulator.Personas;

/// <summary>One test person as written in <c>personas.json</c> (format described in README.md).</summary>
public sealed class PersonaRecord
{
    public string Key { get; set; } = "";
    public long Oid { get; set; }

    /// <summary>Russian label on the login page.</summary>
    public string Label { get; set; } = "";

    public string LastName { get; set; } = "";
    public string FirstName { get; set; } = "";
    public string? MiddleName { get; set; }

    /// <summary><c>dd.MM.yyyy</c> or relative to today, e.g. <c>today-14y</c>, <c>today-14y+1d</c> (see <see cref="RelativeDate"/>).</summary>
    public string BirthDate { get; set; } = "";

    public string? BirthPlace { get; set; }

    /// <summary><c>M</c> or <c>F</c>.</summary>
    public string Gender { get; set; } = "";

    /// <summary><c>simplified</c>, <c>standard</c>, <c>confirmed</c> or <c>child</c>.</summary>
    public string Level { get; set; } = "";

    /// <summary><c>XXX-XXX-XXX YY</c>; optional.</summary>
    public string? Snils { get; set; }

    public string? Inn { get; set; }
    public string Citizenship { get; set; } = "RUS";

    /// <summary>A blocked account cannot log in (ESIA-007036).</summary>
    public bool Blocked { get; set; }

    /// <summary>Login used a second factor: the ID token gets <c>acr</c> <c>{"2fa":"otp"}</c>.</summary>
    public bool TwoFactor { get; set; }

    public List<DocumentRecord> Documents { get; set; } = [];
    public List<ContactRecord> Contacts { get; set; } = [];
    public List<AddressRecord> Addresses { get; set; } = [];
    public List<KidLink> Kids { get; set; } = [];
}

public sealed class DocumentRecord
{
    public long Id { get; set; }
    public string Type { get; set; } = "";
    public string? Series { get; set; }
    public string? Number { get; set; }

    /// <summary>Same syntax as <see cref="PersonaRecord.BirthDate"/>.</summary>
    public string? IssueDate { get; set; }

    public string? IssueId { get; set; }
    public string? IssuedBy { get; set; }
    public string VrfStu { get; set; } = "NOT_VERIFIED";
}

public sealed class ContactRecord
{
    public long Id { get; set; }

    /// <summary><c>MBT</c>, <c>PHN</c> or <c>EML</c>.</summary>
    public string Type { get; set; } = "";

    public string Value { get; set; } = "";
    public string VrfStu { get; set; } = "NOT_VERIFIED";
}

public sealed class AddressRecord
{
    public long Id { get; set; }

    /// <summary><c>PRG</c> (registration) or <c>PLV</c> (residence).</summary>
    public string Type { get; set; } = "";

    public string? ZipCode { get; set; }
    public string? CountryId { get; set; }
    public string? AddressStr { get; set; }
    public string? Region { get; set; }
    public string? City { get; set; }
    public string? Street { get; set; }
    public string? House { get; set; }
    public string? Flat { get; set; }
}

/// <summary>A child in a parent's profile: the kid record id (<c>/kids/{id}</c>) and the child's persona.</summary>
public sealed class KidLink
{
    public long Id { get; set; }
    public string PersonaKey { get; set; } = "";
}

public sealed class PersonaFile
{
    public List<PersonaRecord> Personas { get; set; } = [];
}
