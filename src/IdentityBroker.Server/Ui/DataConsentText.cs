using System.Globalization;
using IdentityBroker.Server.Configuration;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Ui;

/// <summary>
/// R-CONSENT-1: the text of the consent to the processing of personal data, in ONE place, with its version. It lists exactly
/// what the broker passes to the diary (<c>Protocol/Tokens/DiaryClaims.cs</c> and <c>TokenFactory.cs</c>: the ID token, the
/// access token and userinfo) and what it reads from ESIA without passing it on. When either list changes in code, raise
/// <see cref="BuiltInVersion"/> and <see cref="BuiltInPublishedOn"/>; an operator can also publish a new version by
/// configuration (<see cref="DataConsentOptions"/>). A new version asks everyone again at their next sign-in.
/// </summary>
public sealed class DataConsentText
{
    public const string BuiltInVersion = "1";

    public static readonly DateOnly BuiltInPublishedOn = new(2026, 11, 23);

    public const string Title = "Согласие на обработку персональных данных";

    private const string GenericOperator = "оператор электронного дневника вашего региона (орган управления образованием региона)";

    public DataConsentText(IOptions<BrokerOptions> options)
    {
        var o = options.Value.DataConsent;
        Version = string.IsNullOrWhiteSpace(o.Version) ? BuiltInVersion : o.Version.Trim();
        PublishedOn = string.IsNullOrWhiteSpace(o.Version) ? BuiltInPublishedOn : o.PublishedOn ?? BuiltInPublishedOn;
        Operator = string.IsNullOrWhiteSpace(o.Operator) ? GenericOperator : o.Operator.Trim();
    }

    /// <summary>The version in force: what a consent is recorded against.</summary>
    public string Version { get; }

    public DateOnly PublishedOn { get; }

    /// <summary>Who processes the data.</summary>
    public string Operator { get; }

    public string PublishedOnText => PublishedOn.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    public static string Purpose =>
        "Я даю согласие на обработку моих персональных данных сервисом входа в электронный дневник через Госуслуги " +
        "с целью входа в электронный дневник: проверки моей личности, поиска и связывания моей учётной записи в электронном дневнике " +
        "и передачи электронному дневнику сведений, перечисленных ниже.";

    /// <summary>What the broker passes to the diary client at every sign-in and on request (userinfo). R-TOKEN-2.</summary>
    public static IReadOnlyList<DataConsentItem> PassedToDiary { get; } =
    [
        new("Идентификатор вашей учётной записи в электронном дневнике", null, "sub"),
        new("Код региона", null, "region"),
        new("Ваши роли в электронном дневнике", "обучающийся, родитель, сотрудник школы", "roles"),
        new("Школы, к которым привязана ваша учётная запись", "идентификатор и название школы", "schools"),
        new("Для родителей — идентификаторы учётных записей детей в электронном дневнике", "только тех детей, которых школа связала с вашим профилем", "children"),
        new("Фамилия, имя, отчество и логин", "так, как они записаны в электронном дневнике (не с Госуслуг), если дневник их запрашивает", "family_name, given_name, middle_name, name, preferred_username"),
        new("Сведения о входе", "время входа, уровень вашей учётной записи Госуслуг (упрощённая, стандартная или подтверждённая), способ входа на Госуслуги (пароль, электронная подпись, мобильное приложение и т. п.), идентификатор сеанса входа", "auth_time, acr, amr, sid"),
    ];

    /// <summary>What the broker reads from ESIA and does NOT pass to the diary. R-TOKEN-2, R-TOKEN-3.</summary>
    public static IReadOnlyList<DataConsentItem> ReadFromEsiaOnly { get; } =
    [
        new("Идентификатор учётной записи Госуслуг", "хранится только в виде необратимого ключевого хеша, чтобы при следующем входе узнать связанную учётную запись дневника", null),
        new("Фамилия, имя, отчество, дата рождения и пол", "сравниваются с данными электронного дневника при входе и не сохраняются", null),
        new("СНИЛС", "сравнивается с данными электронного дневника; в журнале входов хранится только в виде необратимого ключевого хеша, чтобы сотрудник школы мог найти причину отказа", null),
        new("Сведения о документе, удостоверяющем личность (для детей — о свидетельстве о рождении)", "сравниваются с данными электронного дневника и не сохраняются", null),
        new("Для родителей — список детей из раздела «Семья и дети» на Госуслугах", "только если это нужно для согласия родителя на вход ребёнка; хранится лишь связь с учётными записями детей в дневнике", null),
        new("Ключи доступа (токены) Госуслуг", "используются только во время входа и не сохраняются", null),
    ];

    public static IReadOnlyList<string> Terms { get; } =
    [
        "Согласие действует, пока вы его не отзовёте.",
        "Отозвать согласие можно в любой момент на странице «Управление согласием» сервиса входа. После отзыва вход в электронный дневник на всех устройствах будет завершён, а при следующем входе мы снова попросим согласие.",
        "Без согласия войти в электронный дневник через Госуслуги нельзя.",
        "Каждый вход и каждое решение о согласии записываются в журнал без персональных данных: в нём только идентификатор учётной записи дневника, ключевые хеши и номер версии этого текста.",
    ];
}

/// <param name="What">The item, in Russian.</param>
/// <param name="Detail">How it is used or which values, in Russian.</param>
/// <param name="Claims">The claim names in the broker's tokens (for the curious and for integrators).</param>
public sealed record DataConsentItem(string What, string? Detail, string? Claims);
