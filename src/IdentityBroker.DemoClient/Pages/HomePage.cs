using System.Globalization;
using System.Text;
using IdentityBroker.DemoClient.Oidc;

namespace IdentityBroker.DemoClient.Pages;

/// <summary>The start page: a login button, or the signed-in user's ID token claims and UserInfo.</summary>
internal static class HomePage
{
    private const string Title = "Электронный дневник (демо)";

    public static IResult Anonymous(string basePath) => Html.Page(Title, $"""
        <section>
        <h1>{Title}</h1>
        <p id="status">Вы не вошли.</p>
        <a id="login" class="button" href="{Html.E(basePath)}/login">Войти через Госуслуги</a>
        </section>
        """);

    public static IResult SignedIn(string basePath, string displayName, IEnumerable<KeyValuePair<string, string>> claims,
        UserInfoResult userInfo, DateTimeOffset fetchedAt, string? accountUrl = null)
    {
        var rows = new StringBuilder();
        foreach (var (type, value) in claims)
        {
            rows.Append(CultureInfo.InvariantCulture, $"<tr data-claim=\"{Html.E(type)}\"><th scope=\"row\">{Html.E(type)}</th><td>{Html.E(value)}</td></tr>\n");
        }

        var userInfoHtml = userInfo.IsSuccess
            ? $"<pre id=\"userinfo\">{Html.E(userInfo.Json)}</pre>"
            : Html.ErrorBox(userInfo.ErrorCode!, userInfo.UserMessage!, userInfo.Detail!);
        var b = Html.E(basePath);
        var manageConsent = accountUrl is null ? "" : $"<p><a id=\"manage-consent\" href=\"{Html.E(accountUrl)}\">Управление согласием</a></p>";

        return Html.Page(Title, $"""
            <section>
            <h1>{Title}</h1>
            <p id="status">Вы вошли как <strong id="user-name">{Html.E(displayName)}</strong>.</p>
            <div class="actions">
              <form method="get" action="{b}/userinfo"><button id="refresh" type="submit">Обновить данные профиля</button></form>
              <form method="post" action="{b}/logout"><button id="logout" class="secondary" type="submit">Выйти</button></form>
            </div>
            {manageConsent}
            </section>
            <section>
            <h2>Данные ID-токена</h2>
            <table id="claims"><thead><tr><th>Утверждение</th><th>Значение</th></tr></thead>
            <tbody>
            {rows}</tbody></table>
            </section>
            <section>
            <h2>Данные профиля (UserInfo)</h2>
            {userInfoHtml}
            <p class="muted" id="userinfo-time">Получено: {fetchedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC</p>
            </section>
            """);
    }
}
