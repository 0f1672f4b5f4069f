using System.Text;
using IdentityBroker.Core.Privacy;

namespace IdentityBroker.Store.Tests;

/// <summary>Test directory files (synthetic people). SNILS 112-233-445 95 has valid check digits; …96 does not.</summary>
internal static class DirectoryTestData
{
    public const string ParentSnils = "112-233-445 95";
    public const string StaffSnils = "123-456-789 64";

    public static readonly PersonalDataHasher Hasher = new(Encoding.UTF8.GetBytes("test-pepper-test-pepper-test-pepper-0123"));

    /// <summary>Lines 1, 2 and 7 are good; 3 bad SNILS checksum, 4 bad date, 5 missing login, 6 duplicate login of line 1.</summary>
    public static readonly string JsonLines = string.Join('\n',
        """{"id":"d38-1001","login":"petrov.is","lastName":"Петров","firstName":"Иван","middleName":"Сергеевич","birthDate":"1985-03-07","gender":"M","snils":"112-233-445 95","birthCertificate":{"series":"II-СТ","number":"123456"},"roles":["parent"],"schools":[{"id":"38-s-001","name":"МБОУ СОШ № 1 г. Иркутска"}],"activated":true,"children":["d38-2001"]}""",
        """{"id":"d38-2001","login":"petrova.ai","lastName":"Петрова","firstName":"Алёна","middleName":"Ивановна","birthDate":"2012-05-01","gender":"F","birthCertificate":{"series":"II-СТ","number":"654321"},"roles":["student"],"schools":[{"id":"38-s-001","name":"МБОУ СОШ № 1 г. Иркутска"}],"activated":true}""",
        """{"id":"d38-1002","login":"sidorov","lastName":"Сидоров","firstName":"Олег","snils":"112-233-445 96","roles":["parent"],"schools":[],"activated":true}""",
        """{"id":"d38-1003","login":"ivanova","lastName":"Иванова","firstName":"Анна","birthDate":"1985-13-01","roles":["parent"],"schools":[],"activated":true}""",
        """{"id":"d38-1004","lastName":"Козлов","firstName":"Пётр","roles":["staff"],"schools":[],"activated":true}""",
        """{"id":"d38-1005","login":"petrov.is","lastName":"Петров","firstName":"Илья","roles":["staff"],"schools":[],"activated":false}""",
        """{"id":"d38-3001","login":"smirnova.ov","lastName":"Смирнова","firstName":"Ольга","middleName":"Викторовна","birthDate":"1980-01-15","gender":"F","snils":"123-456-789 64","roles":["staff","parent"],"schools":[{"id":"38-s-001","name":"МБОУ СОШ № 1 г. Иркутска"},{"id":"38-s-002","name":"Гимназия № 2"}],"activated":false,"children":["d38-2001"]}""") + "\n";

    /// <summary>The same people as <see cref="JsonLines"/> in CSV; line 3 has a quoted school name with a comma and a line break.</summary>
    public static readonly string Csv = string.Join("\r\n",
        "id,login,last_name,first_name,middle_name,birth_date,gender,snils,birth_certificate,roles,schools,activated,children",
        "d38-1001,petrov.is,Петров,Иван,Сергеевич,1985-03-07,M,112-233-445 95,II-СТ 123456,parent,38-s-001:МБОУ СОШ № 1 г. Иркутска,true,d38-2001",
        "d38-2001,petrova.ai,Петрова,Алёна,Ивановна,2012-05-01,F,,II-СТ 654321,student,\"38-s-001:МБОУ СОШ № 1, г. Иркутск\n(корпус \"\"Б\"\")\",true,",
        "d38-1002,sidorov,Сидоров,Олег,,,,112-233-445 96,,parent,,true,",
        "d38-1003,ivanova,Иванова,Анна,,1985-13-01,,,,parent,,true,",
        "d38-1004,,Козлов,Пётр,,,,,,staff,,true,",
        "d38-1005,petrov.is,Петров,Илья,,,,,,staff,,false,",
        "d38-3001,smirnova.ov,Смирнова,Ольга,Викторовна,1980-01-15,F,123-456-789 64,,staff;parent,38-s-001:МБОУ СОШ № 1 г. Иркутска;38-s-002:Гимназия № 2,false,d38-2001") + "\r\n";

    public static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));
}
