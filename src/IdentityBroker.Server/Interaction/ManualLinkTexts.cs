namespace IdentityBroker.Server.Interaction;

/// <summary>What the manual-linking and password-fallback forms say when they come back (Russian, STYLE.md tone).</summary>
internal static class ManualLinkTexts
{
    public const string WrongCredentialsKind = "wrong_credentials";
    public const string DelayedKind = "delayed";
    public const string MissingFieldsKind = "missing_fields";

    /// <summary>The same words whether the login is unknown, the password wrong, or the account not one of the person's.</summary>
    public const string WrongCredentials = "Неверный логин или пароль. Проверьте раскладку клавиатуры и Caps Lock и попробуйте ещё раз.";

    public const string MissingFields = "Введите логин и пароль от электронного дневника.";

    /// <summary>"Too many attempts; try again in 2 minutes."</summary>
    public static string Delayed(TimeSpan wait) =>
        $"Слишком много попыток входа. Повторите попытку через {WaitTime(wait)}. Если вы не помните пароль, обратитесь в школу.";

    /// <summary>A wait in words, rounded up: "30 секунд", "1 минуту", "2 минуты", "1 час 5 минут".</summary>
    public static string WaitTime(TimeSpan wait)
    {
        var seconds = (long)Math.Ceiling(Math.Max(1, wait.TotalSeconds));
        if (seconds < 60)
        {
            return Plural(seconds, "секунду", "секунды", "секунд");
        }

        var minutes = (seconds + 59) / 60;
        if (minutes < 60)
        {
            return Plural(minutes, "минуту", "минуты", "минут");
        }

        var hours = minutes / 60;
        var rest = minutes % 60;
        var text = Plural(hours, "час", "часа", "часов");
        return rest == 0 ? text : text + " " + Plural(rest, "минуту", "минуты", "минут");
    }

    /// <summary>Russian plural forms: 1 минуту, 2–4 минуты, 5–20 минут, 21 минуту …</summary>
    private static string Plural(long n, string one, string few, string many)
    {
        var lastTwo = n % 100;
        var last = n % 10;
        var word = lastTwo is >= 11 and <= 14 ? many : last switch
        {
            1 => one,
            >= 2 and <= 4 => few,
            _ => many,
        };
        return n.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + word;
    }
}
