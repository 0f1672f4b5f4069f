using System.Net;
using System.Text;
using IdentityBroker.Core.Privacy;
using IdentityBroker.Core.Stores;
using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.Store.Directory;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityBroker.IntegrationTests.Esia;

/// <summary>Sign-in steps shared by the ESIA drills: up to ESIA's callback, the refusal page and its audit record.</summary>
internal static class EsiaFlows
{
    /// <summary>
    /// Starts at the demo client (region 38) or at <paramref name="authorizeUrl"/>, picks <paramref name="persona"/> and
    /// grants (or refuses) access, and stops before ESIA's redirect to the broker: returns the callback URL.
    /// </summary>
    public static async Task<string> UpToCallbackAsync(BrowserClient browser, SliceEnvironment slice, string persona, bool grant = true, string? authorizeUrl = null)
    {
        browser.StopBefore = u => u.AbsolutePath == "/signin-esia";
        try
        {
            var login = await browser.GetAsync(authorizeUrl ?? slice.DemoUrl + "/login");
            Assert.That(login.Body, Does.Contain("Вход на Госуслуги"), "expected the emulator's login page, got " + login.Url);
            var next = await browser.SubmitAsync(login, $"button.persona[value='{persona}']");
            if (next.Url.AbsolutePath != "/signin-esia")
            {
                next = await browser.SubmitAsync(next, $"button[name='decision'][value='{(grant ? "grant" : "deny")}']");
            }

            Assert.That(next.Url.AbsolutePath, Is.EqualTo("/signin-esia"), "expected ESIA's redirect back to the broker");
            return next.Url.ToString();
        }
        finally
        {
            browser.StopBefore = null;
        }
    }

    /// <summary>The broker's refusal page: reason code, rule of the audit record, and the page itself.</summary>
    public static async Task<(string Reason, AuditRecord Audit, Page Page)> RefusalAsync(SliceEnvironment slice, Page page)
    {
        Assert.That(page.Url.AbsolutePath, Is.EqualTo("/signin-esia"), "expected the broker's refusal page, got " + page.Url);
        Assert.That(page.Status, Is.Not.EqualTo(HttpStatusCode.OK).And.Not.EqualTo(HttpStatusCode.Found), page.Body);
        var reason = page.Text("#error-code") ?? throw new AssertionException("no #error-code on " + page.Url + ": " + page.Body);
        var reference = page.Text("#reference") ?? throw new AssertionException("no #reference on the refusal page");
        var audit = await AuditQueries.ByReferenceAsync(slice, reference);
        Assert.That(audit.Outcome, Is.EqualTo(reason), "the audit record carries the reason shown");
        return (reason, audit, page);
    }

    /// <summary>Imports test-local diary accounts (JSON Lines) into <paramref name="region"/>; never touches deploy/dev.</summary>
    public static async Task ImportDirectoryRowsAsync(SliceEnvironment slice, string region, params string[] jsonLines)
    {
        var importer = ActivatorUtilities.CreateInstance<DirectoryImporter>(slice.BrokerServices);
        await using var file = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', jsonLines) + "\n"));
        var report = await importer.ImportAsync(region, file, DirectoryFileFormat.JsonLines,
            slice.BrokerServices.GetRequiredService<PersonalDataHasher>(), CancellationToken.None);
        Assert.That(report.Rejected, Is.Empty, string.Join("; ", report.Rejected.Select(r => r.Reason)));
    }

    /// <summary>The emulator's relative birth dates are Moscow dates ("today" in UTC+3).</summary>
    public static DateOnly MoscowToday() => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(3));
}
