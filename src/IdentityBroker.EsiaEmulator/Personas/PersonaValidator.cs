namespace IdentityBroker.EsiaEmulator.Personas;

/// <summary>Consistency rules for personas.json; each broken rule yields one message.</summary>
internal static class PersonaValidator
{
    public static IEnumerable<string> Validate(IReadOnlyList<PersonaRecord> personas)
    {
        if (personas.Count == 0)
        {
            yield return "the file lists no personas";
        }

        foreach (var duplicate in personas.GroupBy(p => p.Key).Where(g => g.Count() > 1))
        {
            yield return $"key '{duplicate.Key}' is used more than once";
        }

        foreach (var duplicate in personas.GroupBy(p => p.Oid).Where(g => g.Count() > 1))
        {
            yield return $"oid {duplicate.Key} is used more than once";
        }

        var keys = personas.Select(p => p.Key).ToHashSet();
        var today = new DateOnly(2000, 1, 1);
        foreach (var p in personas)
        {
            var at = $"persona '{p.Key}'";
            if (string.IsNullOrWhiteSpace(p.Key) || p.Oid <= 0 || string.IsNullOrWhiteSpace(p.Label))
            {
                yield return $"{at}: key, oid and label are required";
            }

            if (string.IsNullOrWhiteSpace(p.LastName) || string.IsNullOrWhiteSpace(p.FirstName))
            {
                yield return $"{at}: lastName and firstName are required";
            }

            if (!RelativeDate.TryResolve(p.BirthDate, today, out _))
            {
                yield return $"{at}: birthDate must be dd.MM.yyyy or today[-Ny][±Nd]";
            }

            if (p.Gender is not ("M" or "F"))
            {
                yield return $"{at}: gender must be M or F";
            }

            if (!AccountLevel.All.Contains(p.Level))
            {
                yield return $"{at}: level must be one of {string.Join(", ", AccountLevel.All)}";
            }

            if (p.Snils is not null && !Snils.IsValid(p.Snils))
            {
                yield return $"{at}: snils must be XXX-XXX-XXX YY with a valid checksum";
            }

            foreach (var document in p.Documents.Where(d => d.IssueDate is not null && !RelativeDate.TryResolve(d.IssueDate, today, out _)))
            {
                yield return $"{at}: document {document.Id} has a bad issueDate";
            }

            foreach (var kid in p.Kids.Where(k => !keys.Contains(k.PersonaKey)))
            {
                yield return $"{at}: kid {kid.Id} refers to unknown persona '{kid.PersonaKey}'";
            }
        }
    }
}
