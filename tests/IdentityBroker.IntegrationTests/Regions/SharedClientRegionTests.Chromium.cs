using IdentityBroker.IntegrationTests.Esia;
using IdentityBroker.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace IdentityBroker.IntegrationTests.Regions;

/// <summary>R-REGION-2 in a real browser: the region list on a phone, used with the keyboard only.</summary>
public sealed partial class SharedClientRegionTests
{
    [Test]
    public async Task Rregion2_Chromium_PhoneViewport_RegionListByKeyboard_ContinuesToEsiaOfTheRegion()
    {
        var chromium = await Chromium.LaunchAsync();
        try
        {
            await using var context = await chromium.NewContextAsync(new BrowserNewContextOptions
            {
                Locale = "ru-RU",
                ViewportSize = new ViewportSize { Width = 360, Height = 740 },
                IsMobile = true,
                HasTouch = true,
                JavaScriptEnabled = false, // the list needs none
            });
            var page = await context.NewPageAsync();
            await page.GotoAsync(Shared().AuthorizeUrl());
            Assert.That(await page.Locator("h1").InnerTextAsync(), Is.EqualTo("Выберите регион"));

            // fits the phone: no sideways scrolling, buttons full width and big enough to tap
            Assert.That(await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(360), "no horizontal scrolling");
            foreach (var code in new[] { "38", "55" })
            {
                var box = (await page.Locator($"button[data-region='{code}']").BoundingBoxAsync())!;
                Assert.That(box.Height, Is.GreaterThanOrEqualTo(44), "a comfortable touch target");
                Assert.That(box.Width, Is.GreaterThanOrEqualTo(270), "the full width of the card");
            }

            await Chromium.ScreenshotAsync(page, "region-list-phone");

            // keyboard only: Tab reaches the regions in name order, Enter chooses
            await page.Keyboard.PressAsync("Tab");
            Assert.That(await page.EvaluateAsync<string>("document.activeElement.dataset.region"), Is.EqualTo("38"));
            await page.Keyboard.PressAsync("Tab");
            Assert.That(await page.EvaluateAsync<string>("document.activeElement.dataset.region"), Is.EqualTo("55"));
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForSelectorAsync("button.persona");
            Assert.That(await page.TitleAsync(), Does.Contain("Госуслуг"));

            await page.ClickAsync("button.persona[value='confirmed-adult']");
            Assert.That(await page.Locator("strong").First.InnerTextAsync(), Is.EqualTo("Электронный дневник — Омская область"), "ESIA of region 55 asks");
            var cookies = await context.CookiesAsync([_slice.BrokerUrl]);
            Assert.That(cookies.Single(c => c.Name == "ib.region").Value, Is.EqualTo("55"));
        }
        finally
        {
            await chromium.DisposeAsync();
        }
    }
}
