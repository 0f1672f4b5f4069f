// bench/directory — see README.md. Verbs:
//   gen    --rows N --out FILE [--seed S]                      JSON Lines region directory (FORMATS.md)
//   copy   --file FILE --cs CS --pepper B64 [--region 38]      binary COPY into a staging table + upsert
//   lookup --cs CS [--n 20000] [--clients 1] [--region 38] [--kinds get,snils,...]   the DiaryDirectory queries, latency percentiles
//   explain --cs CS [--region 38]                              EXPLAIN (ANALYZE, BUFFERS) of each lookup
//   sizes  --cs CS                                             table and index sizes
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using IdentityBroker.Core.People;
using IdentityBroker.Core.Privacy;
using Npgsql;
using NpgsqlTypes;

var opts = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 1; i + 1 < args.Length; i += 2) opts[args[i].TrimStart('-')] = args[i + 1];
string Opt(string k, string? d = null) => opts.TryGetValue(k, out var v) ? v : d ?? throw new ArgumentException($"--{k} required");
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

switch (args.Length > 0 ? args[0] : "")
{
    case "gen": Gen.Run(long.Parse(Opt("rows")), Opt("out"), int.Parse(Opt("seed", "38"))); break;
    case "copy": await Copy.Run(Opt("file"), Opt("cs"), Convert.FromBase64String(Opt("pepper")), Opt("region", "38")); break;
    case "lookup": await Lookup.Run(Opt("cs"), int.Parse(Opt("n", "20000")), int.Parse(Opt("clients", "1")), Opt("region", "38"), Opt("label", ""), opts.GetValueOrDefault("kinds")); break;
    case "explain": await Lookup.Explain(Opt("cs"), Opt("region", "38")); break;
    case "sizes": await Lookup.Sizes(Opt("cs")); break;
    default: Console.Error.WriteLine("verbs: gen | copy | lookup | explain | sizes"); return 2;
}
return 0;

static class Names
{
    // most frequent Russian surnames (masculine; feminine = +а for -ов/-ев/-ин/-ын, -ий -> -ая), first names, fathers' names
    public static readonly string[] Surnames = ("Смирнов Иванов Кузнецов Соколов Попов Лебедев Козлов Новиков Морозов Петров Волков Соловьёв Васильев Зайцев " +
        "Павлов Семёнов Голубев Виноградов Богданов Воробьёв Фёдоров Михайлов Беляев Тарасов Белов Комаров Орлов Киселёв Макаров Андреев " +
        "Ковалёв Ильин Гусев Титов Кузьмин Кудрявцев Баранов Куликов Алексеев Степанов Яковлев Сорокин Сергеев Романов Захаров Борисов " +
        "Королёв Герасимов Пономарёв Григорьев Лазарев Медведев Ершов Никитин Соболев Рябов Поляков Цветков Данилов Жуков Фролов Журавлёв " +
        "Николаев Крылов Максимов Сидоров Осипов Белоусов Федотов Дорофеев Егоров Матвеев Бобров Дмитриев Калинин Анисимов Петухов Антонов " +
        "Тимофеев Никифоров Веселов Филиппов Марков Большаков Суханов Миронов Ширяев Александров Коновалов Шестаков Казаков Ефимов Денисов " +
        "Громов Фомин Давыдов Мельников Щербаков Блинов Колесников Карпов Афанасьев Власов Маслов Исаков Тихонов Аксёнов Гаврилов Родионов " +
        "Котов Горбунов Кудряшов Быков Зуев Третьяков Савельев Панов Рыбаков Суворов Абрамов Воронов Мухин Архипов Трофимов Мартынов " +
        "Емельянов Горшков Чернов Овчинников Селезнёв Панфилов Копылов Михеев Галкин Назаров Лобанов Лукин Беляков Потапов Некрасов Хохлов " +
        "Жданов Наумов Шилов Воронцов Ермаков Дроздов Игнатьев Савин Логинов Сафонов Капустин Кириллов Моисеев Елисеев Кошелев Костин " +
        "Горбачёв Орехов Ефремов Исаев Евдокимов Калашников Кабанов Носков Юдин Кулагин Лапин Прохоров Нестеров Харитонов Агафонов Муравьёв " +
        "Ларионов Федосеев Зимин Пахомов Шубин Игнатов Филатов Крюков Рогов Кулаков Терентьев Молчанов Владимиров Артемьев Гурьев Зиновьев " +
        "Гришин Кононов Дементьев Ситников Симонов Мишин Фадеев Комиссаров Мамонтов Носов Гуляев Шаров Устинов Вишняков Евсеев Лаврентьев " +
        "Брагин Константинов Корнилов Авдеев Зыков Бирюков Шарапов Никонов Щукин Дьячков Одинцов Сазонов Якушев Красильников Гордеев " +
        "Самойлов Князев Беспалов Уваров Шашков Бобылёв Доронин Белозёров Рожков Самсонов Мясников Лихачёв Буров Сысоев Фомичёв Русаков " +
        "Стрелков Гущин Тетерин Колобов Субботин Фокин Блохин Селиверстов Пестов Кондратьев Силин Меркушев Лыткин Туров Римский-Корсаков " +
        "Петров-Водкин Голенищев-Кутузов Толстой Островский Чайковский Достоевский Вяземский Кривошеин Ким Цой Пак Гарипов Хабибуллин").Split(' ');
    public static readonly string[] Male = ("Александр Дмитрий Максим Сергей Андрей Алексей Артём Илья Кирилл Михаил Никита Матвей Роман Егор Арсений " +
        "Иван Денис Евгений Даниил Тимофей Владислав Игорь Владимир Павел Руслан Марк Константин Тимур Олег Ярослав Антон Николай Глеб " +
        "Данил Савелий Вадим Степан Юрий Богдан Артур Семён Макар Лев Виктор Елисей Виталий Вячеслав Захар Мирон Дамир Георгий Давид " +
        "Платон Анатолий Григорий Демид Станислав Василий Фёдор Геннадий Леонид Всеволод Валерий Пётр Эдуард Ростислав Марат").Split(' ');
    public static readonly string[] Female = ("Анастасия Анна Мария Елена Дарья Алина Ирина Екатерина Арина Полина Ольга Юлия Татьяна Наталья " +
        "Виктория Елизавета Ксения Милана Вероника Алиса Валерия Александра Ульяна Кристина София Марина Светлана Варвара Софья Диана " +
        "Яна Кира Ангелина Маргарита Ева Алёна Дарина Карина Василиса Олеся Аделина Оксана Таисия Надежда Евгения Элина Злата Есения " +
        "Людмила Галина Любовь Вера Лариса Алла Нина Зинаида Раиса Тамара Валентина Жанна Инна Лилия Регина Снежана Эвелина Ярослава").Split(' ');
    public static readonly string[] Latin = "smirnov ivanov kuznetsov sokolov popov lebedev kozlov novikov morozov petrov volkov".Split(' ');
    public static readonly string[] Cities = "Иркутск Ангарск Братск Усолье-Сибирское Усть-Илимск Шелехов Черемхово Саянск Тулун Нижнеудинск Тайшет Зима Слюдянка Байкальск".Split(' ');

    public static string Feminine(string s)
    {
        if (s.Contains('-', StringComparison.Ordinal)) return string.Join('-', s.Split('-').Select(Feminine));
        if (s.EndsWith("ов", StringComparison.Ordinal) || s.EndsWith("ев", StringComparison.Ordinal) || s.EndsWith("ёв", StringComparison.Ordinal)
            || s.EndsWith("ин", StringComparison.Ordinal) || s.EndsWith("ын", StringComparison.Ordinal)) return s + "а";
        if (s.EndsWith("ский", StringComparison.Ordinal)) return s[..^2] + "ая";
        if (s.EndsWith("ой", StringComparison.Ordinal)) return s[..^2] + "ая";
        return s; // Ким, Цой, Пак
    }

    public static string Patronymic(string father, bool female)
    {
        // good enough for the list above; irregulars approximated
        string stem; string m; string f;
        if (father.EndsWith("ий", StringComparison.Ordinal)) { stem = father[..^2]; m = "иевич"; f = "иевна"; }
        else if (father.EndsWith('й')) { stem = father[..^1]; m = "евич"; f = "евна"; }
        else if (father.EndsWith('а') || father.EndsWith('я')) { stem = father[..^1]; m = "ич"; f = "ична"; }
        else if (father.EndsWith('ь')) { stem = father[..^1]; m = "евич"; f = "евна"; }
        else { stem = father; m = "ович"; f = "овна"; }
        return stem + (female ? f : m);
    }
}

static class Gen
{
    // Skewed pick: popular names are much more frequent (u^2 puts ~30% of picks into the first 10% of the list).
    static string Pick(Random r, string[] list) { var u = r.NextDouble(); return list[(int)(u * u * list.Length)]; }

    static string SnilsFor(long serial)
    {
        // a bijection of serial onto 9-digit numbers above 001-001-998, then the check digits (ESIA.md §9)
        var number = 2_000_000 + (serial * 48_271L) % 997_000_000L;
        var d = number.ToString("D9", CultureInfo.InvariantCulture);
        var sum = 0;
        for (var i = 0; i < 9; i++) sum += (d[i] - '0') * (9 - i);
        var check = sum < 100 ? sum : sum is 100 or 101 ? 0 : sum % 101 == 100 ? 0 : sum % 101;
        var text = $"{d[..3]}-{d[3..6]}-{d[6..9]} {check:D2}";
        if (!Snils.TryParse(text, out _)) throw new InvalidOperationException("generator produced an invalid SNILS");
        return text;
    }

    public static void Run(long rows, string path, int seed)
    {
        var r = new Random(seed);
        var sw = Stopwatch.StartNew();
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var w = new Utf8JsonWriter(fs, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
        var today = new DateOnly(2026, 11, 23);
        long n = 0, serial = 0, withSnils = 0, rels = 0;
        const int Schools = 1_400;
        string SchoolName(int s) => $"МБОУ СОШ № {s % 90 + 1} г. {Names.Cities[s % Names.Cities.Length]}";
        void Account(string id, string last, string first, string? middle, DateOnly birth, bool female, string role, int school, IList<string>? children, bool student)
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("login", Names.Latin[(int)(n % Names.Latin.Length)] + "." + id[4..]);
            w.WriteString("lastName", last);
            w.WriteString("firstName", first);
            if (middle is not null) w.WriteString("middleName", middle);
            if (r.NextDouble() < 0.97) w.WriteString("birthDate", birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteString("gender", female ? "F" : "M");
            // ~88 % of adults and ~80 % of children have SNILS in the diary
            if (r.NextDouble() < (student ? 0.80 : 0.88)) { w.WriteString("snils", SnilsFor(serial)); withSnils++; }
            serial++;
            if (student && r.NextDouble() < 0.5)
            {
                w.WriteStartObject("birthCertificate");
                w.WriteString("series", $"{(r.Next(4) switch { 0 => "I", 1 => "II", 2 => "III", _ => "IV" })}-СТ");
                w.WriteString("number", r.Next(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture));
                w.WriteEndObject();
            }
            w.WriteStartArray("roles"); w.WriteStringValue(role); w.WriteEndArray();
            w.WriteStartArray("schools");
            w.WriteStartObject(); w.WriteString("id", $"38-s-{school:D4}"); w.WriteString("name", SchoolName(school)); w.WriteEndObject();
            w.WriteEndArray();
            w.WriteBoolean("activated", r.NextDouble() < 0.9);
            if (children is { Count: > 0 }) { w.WriteStartArray("children"); foreach (var c in children) w.WriteStringValue(c); w.WriteEndArray(); rels += children.Count; }
            w.WriteEndObject();
            w.Flush();
            w.Reset();
            fs.WriteByte((byte)'\n');
            n++;
        }
        DateOnly Birth(int minAge, int maxAge) => today.AddDays(-(minAge * 365 + r.Next((maxAge - minAge + 1) * 365)));

        var children = new List<string>(4);
        while (n < rows)
        {
            if (r.NextDouble() < 0.04)
            {
                // staff: 22–70
                var fem = r.NextDouble() < 0.8;
                var sur = Pick(r, Names.Surnames);
                Account($"d38-{n + 1}", fem ? Names.Feminine(sur) : sur, Pick(r, fem ? Names.Female : Names.Male),
                    Names.Patronymic(Pick(r, Names.Male), fem), Birth(22, 70), fem, "staff", r.Next(Schools), null, false);
                continue;
            }

            // a family: 1–3 children (6–17) in one school, one or two parents (24–60, a few grandparents up to 70)
            var surname = Pick(r, Names.Surnames);
            var father = Pick(r, Names.Male);
            var school = r.Next(Schools);
            var kids = 1 + (r.NextDouble() < 0.35 ? 1 : 0) + (r.NextDouble() < 0.08 ? 1 : 0);
            children.Clear();
            for (var k = 0; k < kids && n < rows; k++)
            {
                var fem = r.NextDouble() < 0.49;
                var id = $"d38-{n + 1}";
                children.Add(id);
                Account(id, fem ? Names.Feminine(surname) : surname, Pick(r, fem ? Names.Female : Names.Male),
                    Names.Patronymic(father, fem), Birth(6, 17), fem, "student", school, null, true);
            }

            // ~70 % of families have a parent account in the diary, ~30 % of those two; parents link their children
            if (r.NextDouble() < 0.7 && n < rows)
            {
                var grand = r.NextDouble() < 0.05;
                Account($"d38-{n + 1}", Names.Feminine(surname), Pick(r, Names.Female), Names.Patronymic(Pick(r, Names.Male), true),
                    grand ? Birth(55, 70) : Birth(24, 55), true, "parent", school, children, false);
                if (r.NextDouble() < 0.3 && n < rows)
                {
                    Account($"d38-{n + 1}", surname, father, r.NextDouble() < 0.02 ? null : Names.Patronymic(Pick(r, Names.Male), false),
                        Birth(24, 60), false, "parent", school, children, false);
                }
            }
        }

        Console.Error.WriteLine($"gen: {n:N0} accounts ({withSnils:N0} with SNILS, {rels:N0} parent-child links) -> {path} in {sw.Elapsed.TotalSeconds:F1} s");
    }
}

sealed class Row
{
    public string? Id { get; set; }
    public string? Login { get; set; }
    public string? LastName { get; set; }
    public string? FirstName { get; set; }
    public string? MiddleName { get; set; }
    public string? BirthDate { get; set; }
    public string? Gender { get; set; }
    public string? Snils { get; set; }
    public Cert? BirthCertificate { get; set; }
    public List<string>? Roles { get; set; }
    public List<SchoolRow>? Schools { get; set; }
    public bool Activated { get; set; }
    public List<string>? Children { get; set; }
}
sealed class Cert { public string? Series { get; set; } public string? Number { get; set; } }
sealed class SchoolRow { public string? Id { get; set; } public string? Name { get; set; } }

static class Copy
{
    const string StageDdl = """
        DROP TABLE IF EXISTS broker.bench_stage_accounts, broker.bench_stage_relations;
        CREATE UNLOGGED TABLE broker.bench_stage_accounts (
          id text NOT NULL, login text NOT NULL, last_name text NOT NULL, first_name text NOT NULL, middle_name text,
          normalized_name text NOT NULL, birth_date date, gender text, snils_hash bytea, birth_certificate_hash text,
          roles text[] NOT NULL, schools jsonb NOT NULL, activated boolean NOT NULL);
        CREATE UNLOGGED TABLE broker.bench_stage_relations (parent_id text NOT NULL, child_id text NOT NULL);
        """;

    public static async Task Run(string file, string cs, byte[] pepper, string region)
    {
        var hasher = new PersonalDataHasher(pepper);
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var schoolJson = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        await using var conn = new NpgsqlConnection(cs + ";Command Timeout=0");
        await conn.OpenAsync();
        await Exec(conn, StageDdl);
        var total = Stopwatch.StartNew();
        await using var tx = await conn.BeginTransactionAsync();
        // same serialization of imports per region as the product importer
        await Exec(conn, $"SELECT pg_advisory_xact_lock(hashtext('diary-import:{region}'))");

        long rows = 0, rejected = 0, links = 0;
        var sw = Stopwatch.StartNew();
        var relations = new List<(string, string)>();
        await using (var imp = await conn.BeginBinaryImportAsync(
            "COPY broker.bench_stage_accounts (id, login, last_name, first_name, middle_name, normalized_name, birth_date, gender, snils_hash, birth_certificate_hash, roles, schools, activated) FROM STDIN (FORMAT BINARY)"))
        {
            using var reader = new StreamReader(file, Encoding.UTF8, true, 1 << 20);
            string? line;
            while ((line = await reader.ReadLineAsync()) is not null)
            {
                if (line.Length == 0) continue;
                var row = JsonSerializer.Deserialize<Row>(line, json)!;
                string? snilsHash = null;
                if (row.Snils is not null)
                {
                    if (!Snils.TryParse(row.Snils, out var snils)) { rejected++; continue; }
                    snilsHash = hasher.HashSnils(snils);
                }
                DateOnly? birth = row.BirthDate is null ? null : DateOnly.ParseExact(row.BirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                var name = new PersonName(row.LastName!, row.FirstName!, row.MiddleName);
                await imp.StartRowAsync();
                await imp.WriteAsync(row.Id!, NpgsqlDbType.Text);
                await imp.WriteAsync(row.Login!, NpgsqlDbType.Text);
                await imp.WriteAsync(row.LastName!, NpgsqlDbType.Text);
                await imp.WriteAsync(row.FirstName!, NpgsqlDbType.Text);
                if (row.MiddleName is null) await imp.WriteNullAsync(); else await imp.WriteAsync(row.MiddleName, NpgsqlDbType.Text);
                await imp.WriteAsync(name.Normalized, NpgsqlDbType.Text);
                if (birth is null) await imp.WriteNullAsync(); else await imp.WriteAsync(birth.Value, NpgsqlDbType.Date);
                if (row.Gender is null) await imp.WriteNullAsync(); else await imp.WriteAsync(row.Gender, NpgsqlDbType.Text);
                if (snilsHash is null) await imp.WriteNullAsync(); else await imp.WriteAsync(Convert.FromHexString(snilsHash), NpgsqlDbType.Bytea); // bytea since DiarySnilsHashBytes
                if (row.BirthCertificate is null) await imp.WriteNullAsync();
                else await imp.WriteAsync(hasher.HashBirthCertificate(row.BirthCertificate.Series!, row.BirthCertificate.Number!), NpgsqlDbType.Text);
                await imp.WriteAsync(row.Roles!.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                await imp.WriteAsync(JsonSerializer.Serialize(row.Schools ?? [], schoolJson), NpgsqlDbType.Jsonb);
                await imp.WriteAsync(row.Activated, NpgsqlDbType.Boolean);
                if (row.Children is not null) foreach (var c in row.Children) relations.Add((row.Id!, c));
                rows++;
            }
            await imp.CompleteAsync();
        }
        await using (var imp = await conn.BeginBinaryImportAsync("COPY broker.bench_stage_relations (parent_id, child_id) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (p, c) in relations) { await imp.StartRowAsync(); await imp.WriteAsync(p, NpgsqlDbType.Text); await imp.WriteAsync(c, NpgsqlDbType.Text); links++; }
            await imp.CompleteAsync();
        }
        var tCopy = sw.Elapsed; sw.Restart();
        await Exec(conn, "ANALYZE broker.bench_stage_accounts");
        // a login held by another account of the region is rejected (FORMATS.md), not a unique violation
        var loginClash = await Exec(conn, $"""
            DELETE FROM broker.bench_stage_accounts s USING broker.diary_accounts a
            WHERE a.region_code = '{region}' AND a.login = s.login AND a.id <> s.id
            """);
        var tCheck = sw.Elapsed; sw.Restart();
        var upserted = await Exec(conn, $"""
            INSERT INTO broker.diary_accounts AS a (region_code, id, login, last_name, first_name, middle_name, normalized_name, birth_date,
                gender, snils_hash, birth_certificate_hash, roles, schools, activated, imported_at, updated_at)
            SELECT '{region}', id, login, last_name, first_name, middle_name, normalized_name, birth_date, gender, snils_hash,
                birth_certificate_hash, roles, schools, activated, now(), now()
            FROM broker.bench_stage_accounts
            ON CONFLICT (region_code, id) DO UPDATE SET login = excluded.login, last_name = excluded.last_name, first_name = excluded.first_name,
                middle_name = excluded.middle_name, normalized_name = excluded.normalized_name, birth_date = excluded.birth_date,
                gender = excluded.gender, snils_hash = excluded.snils_hash, birth_certificate_hash = excluded.birth_certificate_hash,
                roles = excluded.roles, schools = excluded.schools, activated = excluded.activated, updated_at = now()
            WHERE (a.login, a.last_name, a.first_name, a.middle_name, a.birth_date, a.gender, a.snils_hash, a.birth_certificate_hash, a.roles, a.schools, a.activated)
                IS DISTINCT FROM (excluded.login, excluded.last_name, excluded.first_name, excluded.middle_name, excluded.birth_date, excluded.gender,
                excluded.snils_hash, excluded.birth_certificate_hash, excluded.roles, excluded.schools, excluded.activated)
            """);
        var tUpsert = sw.Elapsed; sw.Restart();
        await Exec(conn, $"""
            DELETE FROM broker.diary_relations r USING broker.bench_stage_accounts s WHERE r.region_code = '{region}' AND r.parent_id = s.id;
            INSERT INTO broker.diary_relations (region_code, parent_id, child_id)
            SELECT DISTINCT '{region}', parent_id, child_id FROM broker.bench_stage_relations;
            """);
        var tRel = sw.Elapsed; sw.Restart();
        await tx.CommitAsync();
        var tCommit = sw.Elapsed;
        var elapsed = total.Elapsed;
        await Exec(conn, "DROP TABLE broker.bench_stage_accounts, broker.bench_stage_relations");
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            rows, rejected, loginClash, upserted, links,
            copySeconds = Math.Round(tCopy.TotalSeconds, 1), loginCheckSeconds = Math.Round(tCheck.TotalSeconds, 1),
            upsertSeconds = Math.Round(tUpsert.TotalSeconds, 1), relationsSeconds = Math.Round(tRel.TotalSeconds, 1),
            commitSeconds = Math.Round(tCommit.TotalSeconds, 1), totalSeconds = Math.Round(elapsed.TotalSeconds, 1),
            accountsPerSecond = Math.Round(rows / elapsed.TotalSeconds),
        }));
    }

    static async Task<int> Exec(NpgsqlConnection c, string sql) { await using var cmd = new NpgsqlCommand(sql, c) { CommandTimeout = 0 }; return await cmd.ExecuteNonQueryAsync(); }
}

static class Lookup
{
    // The statements EF Core 10 / Npgsql generate for DiaryDirectory (since the streaming importer): the accounts and their
    // children in ONE statement (LEFT JOIN on pk_diary_relations), plus the R-MATCH-3 lookup by name AND birth date and the
    // existence check by name. Kind "birthdate" is the old by-date-only lookup, kept as the "before" reference.
    const string Cols = "d.region_code, d.id, d.activated, d.birth_certificate_hash, d.birth_date, d.first_name, d.gender, d.imported_at, d.last_name, d.login, d.middle_name, d.normalized_name, d.password_hash, d.roles, d.schools, d.snils_hash, d.updated_at";
    public static readonly (string Kind, string[] Columns)[] Kinds =
    [
        ("get", ["id"]), ("snils", ["snils_hash"]), ("name", ["normalized_name"]), ("name+birthdate", ["normalized_name", "birth_date"]),
        ("anyname", ["normalized_name"]), ("birthdate", ["birth_date"]),
    ];
    static string Where(string[] columns) => string.Join(" AND ", columns.Select((c, i) => $"d.{c} = ${i + 2}"));
    static string AccountsSql(string kind, string[] columns) => kind == "anyname"
        ? $"SELECT EXISTS (\n    SELECT 1\n    FROM broker.diary_accounts AS d\n    WHERE d.region_code = $1 AND {Where(columns)})"
        : $"SELECT {Cols}, d0.child_id, d0.region_code, d0.parent_id\nFROM broker.diary_accounts AS d\nLEFT JOIN broker.diary_relations AS d0 ON d.region_code = d0.region_code AND d.id = d0.parent_id\nWHERE d.region_code = $1 AND {Where(columns)}\nORDER BY d.id, d.region_code, d0.child_id, d0.parent_id";

    static async Task<List<object[]>> Keys(NpgsqlDataSource ds, string[] columns, int n, string region)
    {
        await using var c = await ds.OpenConnectionAsync();
        long total;
        await using (var cmd = new NpgsqlCommand("SELECT reltuples::bigint FROM pg_class WHERE oid = 'broker.diary_accounts'::regclass", c)) total = Math.Max(1, (long)(await cmd.ExecuteScalarAsync())!);
        var pct = Math.Min(100.0, 100.0 * n * 3 / total);
        var keys = new List<object[]>(n);
        await using (var cmd = new NpgsqlCommand($"SELECT {string.Join(", ", columns)} FROM broker.diary_accounts TABLESAMPLE BERNOULLI ({pct.ToString(CultureInfo.InvariantCulture)}) REPEATABLE (5) WHERE region_code = $1 AND {string.Join(" AND ", columns.Select(x => x + " IS NOT NULL"))}", c))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = region });
            await using var rd = await cmd.ExecuteReaderAsync();
            while (await rd.ReadAsync()) { var v = new object[columns.Length]; rd.GetValues(v); keys.Add(v); }
        }
        var r = new Random(7);
        return keys.OrderBy(_ => r.Next()).Take(n).ToList();
    }

    static async Task<(int Accounts, int Children)> Find(NpgsqlDataSource ds, string region, string sql, object[] key)
    {
        // like DiaryDirectory: a pooled connection per call, one statement
        await using var c = await ds.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        cmd.Parameters.Add(new NpgsqlParameter { Value = region });
        foreach (var k in key) cmd.Parameters.Add(new NpgsqlParameter { Value = k is DateTime dt ? DateOnly.FromDateTime(dt) : k });
        await using var rd = await cmd.ExecuteReaderAsync();
        if (rd.FieldCount == 1) { await rd.ReadAsync(); return (rd.GetBoolean(0) ? 1 : 0, 0); }
        var ids = new HashSet<string>(); var children = 0;
        var vals = new object[rd.FieldCount];
        while (await rd.ReadAsync()) { rd.GetValues(vals); ids.Add((string)vals[1]); if (vals[17] is string) children++; }
        return (ids.Count, children);
    }

    public static async Task Run(string cs, int n, int clients, string region, string label, string? only)
    {
        await using var ds = NpgsqlDataSource.Create(cs + $";Maximum Pool Size={clients + 2}");
        foreach (var (kind, columns) in Kinds.Where(k => only is null || only.Split(',').Contains(k.Kind)))
        {
            var keys = await Keys(ds, columns, n, region);
            var sql = AccountsSql(kind, columns);
            var lat = new double[keys.Count];
            long accounts = 0, children = 0, maxRows = 0;
            var next = -1;
            var wall = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < keys.Count)
                {
                    var t = Stopwatch.GetTimestamp();
                    var (a, ch) = await Find(ds, region, sql, keys[i]);
                    lat[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                    Interlocked.Add(ref accounts, a); Interlocked.Add(ref children, ch);
                    long m; while (a > (m = Interlocked.Read(ref maxRows)) && Interlocked.CompareExchange(ref maxRows, a, m) != m) { }
                }
            })));
            var secs = wall.Elapsed.TotalSeconds;
            Array.Sort(lat);
            double P(double q) => lat[Math.Min(lat.Length - 1, (int)Math.Ceiling(q * lat.Length) - 1)];
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                label, kind, clients, lookups = lat.Length, perSecond = Math.Round(lat.Length / secs),
                p50 = Math.Round(P(0.50), 3), p95 = Math.Round(P(0.95), 3), p99 = Math.Round(P(0.99), 3), max = Math.Round(lat[^1], 3),
                avgAccounts = Math.Round((double)accounts / lat.Length, 1), maxAccounts = maxRows, avgChildren = Math.Round((double)children / lat.Length, 2),
            }));
        }
    }

    public static async Task Explain(string cs, string region)
    {
        await using var ds = NpgsqlDataSource.Create(cs);
        foreach (var (kind, columns) in Kinds)
        {
            var key = (await Keys(ds, columns, 100, region))[0];
            var sql = AccountsSql(kind, columns).Replace("$1", $"'{region}'", StringComparison.Ordinal);
            for (var i = 0; i < key.Length; i++)
                sql = sql.Replace($"${i + 2}", key[i] switch
                {
                    DateTime dt => $"'{dt:yyyy-MM-dd}'",
                    byte[] bytes => $"'\\x{Convert.ToHexStringLower(bytes)}'::bytea", // snils_hash since DiarySnilsHashBytes
                    var other => $"'{other}'",
                }, StringComparison.Ordinal);
            Console.WriteLine($"--- {kind}: WHERE {string.Join(" AND ", columns)}");
            await using var c = await ds.OpenConnectionAsync();
            await Print(c, "EXPLAIN (ANALYZE, BUFFERS) " + sql);
        }
    }

    static async Task Print(NpgsqlConnection c, string sql, string indent = "    ")
    {
        await using var cmd = new NpgsqlCommand(sql, c);
        await using var rd = await cmd.ExecuteReaderAsync();
        while (await rd.ReadAsync()) Console.WriteLine(indent + rd.GetString(0));
    }

    public static async Task Sizes(string cs)
    {
        await using var ds = NpgsqlDataSource.Create(cs);
        await using var c = await ds.OpenConnectionAsync();
        await Print(c, """
            SELECT rpad(c.relname, 46) || lpad(pg_size_pretty(pg_relation_size(c.oid)), 10) || CASE WHEN c.relkind = 'r' THEN '   (total with indexes, TOAST: ' || pg_size_pretty(pg_total_relation_size(c.oid)) || ', ' || c.reltuples::bigint || ' rows)' ELSE '' END
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'broker' AND (c.relname LIKE 'diary\_%' OR c.relname LIKE 'ix\_diary\_%' OR c.relname LIKE 'pk\_diary\_%') AND c.relkind IN ('r','i')
            ORDER BY c.relkind DESC, c.relname
            """, "  ");
    }
}
