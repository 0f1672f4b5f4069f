using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using IdentityBroker.Core.People;

namespace IdentityBroker.Server.Admin;

/// <summary>
/// The JSON body of <c>POST /admin/diagnostics/attempts</c> (R-ERR-1): the region and exactly one way to name the person —
/// <c>snils</c>; or <c>lastName</c> + <c>firstName</c> (+ <c>middleName</c>) + <c>birthDate</c>; or <c>referenceNumber</c>.
/// </summary>
internal sealed class DiagnosticsRequestBody
{
    public string? RegionCode { get; set; }

    public string? Snils { get; set; }

    public string? LastName { get; set; }

    public string? FirstName { get; set; }

    public string? MiddleName { get; set; }

    public string? BirthDate { get; set; }

    public string? ReferenceNumber { get; set; }
}

/// <summary>A validated lookup. Holds personal data only for the length of the request; <see cref="ToString"/> hides it.</summary>
internal abstract record DiagnosticsQuery(string RegionCode)
{
    /// <summary>"snils", "name_birth_date" or "reference_number": what the audit and the log say (no values).</summary>
    public abstract string Kind { get; }

    public sealed override string ToString() => $"DiagnosticsQuery({Kind}, region {RegionCode})";
}

internal sealed record BySnils(string RegionCode, Snils Snils) : DiagnosticsQuery(RegionCode)
{
    public override string Kind => "snils";
}

internal sealed record ByNameAndBirthDate(string RegionCode, PersonName Name, DateOnly BirthDate) : DiagnosticsQuery(RegionCode)
{
    public override string Kind => "name_birth_date";
}

internal sealed record ByReference(string RegionCode, string ReferenceNumber) : DiagnosticsQuery(RegionCode)
{
    public override string Kind => "reference_number";
}

/// <summary>Parses and validates the body; every refusal is a message for the integrator that repeats no value sent.</summary>
internal static partial class DiagnosticsQueryParser
{
    public const int MaxBodyBytes = 4096;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static async Task<(DiagnosticsQuery? Query, string? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, "Send the lookup as a JSON object with Content-Type: application/json.");
        }

        // bounded by reading, not by trusting Content-Length (issue #10 item 4: a chunked body has none)
        if (await BoundedBody.ReadAsync(request, MaxBodyBytes, cancellationToken) is not { } bytes)
        {
            return (null, $"The body is larger than {MaxBodyBytes} bytes.");
        }

        DiagnosticsRequestBody? body;
        try
        {
            body = JsonSerializer.Deserialize<DiagnosticsRequestBody>(bytes, Json);
        }
        catch (JsonException)
        {
            return (null, "The body must be one JSON object with string properties: regionCode and exactly one of snils | lastName, firstName, middleName (optional), birthDate | referenceNumber.");
        }

        return body is null ? (null, "The body must be a JSON object.") : Validate(body);
    }

    public static (DiagnosticsQuery? Query, string? Error) Validate(DiagnosticsRequestBody b)
    {
        if (string.IsNullOrWhiteSpace(b.RegionCode) || !TwoDigits().IsMatch(b.RegionCode))
        {
            return (null, "regionCode is required: the two-digit region code, e.g. \"38\".");
        }

        var byName = b.LastName is not null || b.FirstName is not null || b.MiddleName is not null || b.BirthDate is not null;
        var forms = (b.Snils is not null ? 1 : 0) + (byName ? 1 : 0) + (b.ReferenceNumber is not null ? 1 : 0);
        if (forms != 1)
        {
            return (null, "Give exactly one of: snils | lastName + firstName (+ middleName) + birthDate | referenceNumber.");
        }

        if (b.Snils is not null)
        {
            return Snils.TryParse(b.Snils, out var snils)
                ? (new BySnils(b.RegionCode, snils), null)
                : (null, "snils is not a valid SNILS: 11 digits (XXX-XXX-XXX YY) whose last two are the check number of the first nine.");
        }

        if (b.ReferenceNumber is not null)
        {
            var reference = NormalizeReference(b.ReferenceNumber);
            return reference is null
                ? (null, "referenceNumber must be the number shown to the user, 8 characters such as \"7KQ2-9XZD\".")
                : (new ByReference(b.RegionCode, reference), null);
        }

        if (string.IsNullOrWhiteSpace(b.LastName) || string.IsNullOrWhiteSpace(b.FirstName))
        {
            return (null, "lastName and firstName are required with birthDate (middleName when the person has one).");
        }

        if (b.LastName.Length > 100 || b.FirstName.Length > 100 || b.MiddleName?.Length > 100)
        {
            return (null, "Name parts are at most 100 characters.");
        }

        if (!DateOnly.TryParseExact(b.BirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birthDate))
        {
            return (null, "birthDate is required as yyyy-MM-dd, e.g. \"1985-03-07\".");
        }

        var middle = string.IsNullOrWhiteSpace(b.MiddleName) ? null : b.MiddleName;
        return (new ByNameAndBirthDate(b.RegionCode, new PersonName(b.LastName, b.FirstName, middle), birthDate), null);
    }

    /// <summary>XXXX-XXXX in Crockford's base32, as <see cref="Interaction.ReferenceNumber"/> makes it; case, spaces and a missing dash tolerated.</summary>
    private static string? NormalizeReference(string text)
    {
        var compact = text.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        return ReferenceChars().IsMatch(compact) ? compact[..4] + "-" + compact[4..] : null;
    }

    [GeneratedRegex("^[0-9]{2}$")]
    private static partial Regex TwoDigits();

    [GeneratedRegex("^[0-9A-HJKMNP-TV-Z]{8}$")]
    private static partial Regex ReferenceChars();
}
