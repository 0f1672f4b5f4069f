using System.Net;
using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.Interaction;

/// <summary>
/// What a step form that can no longer be used must answer. Deliberately not tied to today's reason codes (invalid_choice,
/// invalid_sign_in_form, consent_form_invalid, invalid_consent_state, invalid_region_choice): the rewrite may unify them.
/// The page is the broker's, in Russian, 400, with a reason code and the "устарел(а)" title every such page has, no stack
/// trace, and no way onward (no redirect to the client or to ESIA, no form to go on with). One assertion per page, listing
/// everything that is wrong with it.
/// </summary>
internal static class StepPages
{
    public static void AssertExpired(Page page, string what) =>
        Assert.That(Problems(page, expired: true), Is.Empty, what + ": expected the Russian «expired» page (400), got " + StepForm.Describe(page));

    /// <summary>Bad input at a step endpoint: a clear Russian 400 page, never a 5xx or a stack trace.</summary>
    /// <param name="formMayFollow">Typed input (not the step's state) may be answered with the step's form again.</param>
    public static void AssertRussianBadRequest(Page page, string what, bool formMayFollow = false) =>
        Assert.That(Problems(page, expired: false, formMayFollow), Is.Empty, what + ": expected the broker's Russian 400 page, got " + StepForm.Describe(page));

    private static List<string> Problems(Page page, bool expired, bool formMayFollow = false)
    {
        var problems = new List<string>();
        if ((int)page.Status >= 500)
        {
            problems.Add("a 5xx: " + (page.Body.Length > 400 ? page.Body[..400] : page.Body));
        }

        if (page.Status != HttpStatusCode.BadRequest)
        {
            problems.Add($"status {(int)page.Status}, not 400");
        }

        if (page.Url.GetLeftPart(UriPartial.Authority) != InteractionSlice.Slice.BrokerUrl)
        {
            problems.Add("not the broker's page: went on to " + page.Url.GetLeftPart(UriPartial.Path));
        }

        if (page.Document.DocumentElement.GetAttribute("lang") != "ru")
        {
            problems.Add("not a Russian page (html lang)");
        }

        if (!formMayFollow && string.IsNullOrEmpty(page.Text("#error-code")))
        {
            problems.Add("no reason code (#error-code)");
        }

        var title = page.Text("h1") ?? "";
        if (!title.Any(c => c is >= 'А' and <= 'я' or 'Ё' or 'ё'))
        {
            problems.Add("no Russian title");
        }
        else if (expired && !title.Contains("устарел", StringComparison.Ordinal))
        {
            problems.Add($"the title «{title}» is not the «устарел(а)» page");
        }

        if (page.Body.Contains("Exception", StringComparison.Ordinal) || page.Body.Contains("   at IdentityBroker.", StringComparison.Ordinal))
        {
            problems.Add("a stack trace");
        }

        if (!formMayFollow && page.Document.QuerySelector("form input[type='password'], form button[type='submit'][value]") is not null)
        {
            problems.Add("a step form to go on with");
        }

        return problems;
    }
}
