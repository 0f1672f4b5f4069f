namespace IdentityBroker.EsiaEmulator.Protocol;

/// <summary>Scopes the emulator knows (ESIA.md §2.5, MR tables 96-97) with their Russian names for the access page.</summary>
internal static class ScopeCatalog
{
    public const string OpenId = "openid";

    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        [OpenId] = "Идентификатор учётной записи",
        ["fullname"] = "Фамилия, имя, отчество",
        ["birthdate"] = "Дата рождения",
        ["gender"] = "Пол",
        ["citizenship"] = "Гражданство",
        ["snils"] = "СНИЛС",
        ["inn"] = "ИНН",
        ["id_doc"] = "Данные документа, удостоверяющего личность",
        ["birthplace"] = "Место рождения",
        ["medical_doc"] = "Данные полиса ОМС",
        ["military_doc"] = "Данные военного билета",
        ["foreign_passport_doc"] = "Данные заграничного паспорта",
        ["drivers_licence_doc"] = "Данные водительского удостоверения",
        ["birth_cert_doc"] = "Данные свидетельства о рождении",
        ["residence_doc"] = "Данные вида на жительство",
        ["temporary_residence_doc"] = "Данные разрешения на временное проживание",
        ["email"] = "Адрес электронной почты",
        ["mobile"] = "Номер мобильного телефона",
        ["addresses"] = "Адреса регистрации и проживания",
        ["usr_org"] = "Список организаций пользователя",
        ["kid_fullname"] = "Фамилия, имя, отчество детей",
        ["kid_birthdate"] = "Даты рождения детей",
        ["kid_gender"] = "Пол детей",
        ["kid_snils"] = "СНИЛС детей",
        ["kid_inn"] = "ИНН детей",
        ["kid_birth_cert_doc"] = "Данные свидетельств о рождении детей",
        ["kid_medical_doc"] = "Данные полисов ОМС детей",
        ["kid_id_doc"] = "Данные документов, удостоверяющих личность детей",
        ["kid_email"] = "Адреса электронной почты детей",
        ["kid_mobile"] = "Номера мобильных телефонов детей",
    };

    public static bool IsKnown(string scope) => Names.ContainsKey(scope);

    public static string RussianName(string scope) => Names.GetValueOrDefault(scope, scope);

    public static string[] Split(string scope) => scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The access token form: every scope except <c>openid</c> parameterised with the oid (ESIA.md §4.2).</summary>
    public static string Parameterise(IEnumerable<string> scopes, long oid) =>
        string.Join(' ', scopes.Select(s => s == OpenId ? s : $"{s}?oid={oid}"));
}
