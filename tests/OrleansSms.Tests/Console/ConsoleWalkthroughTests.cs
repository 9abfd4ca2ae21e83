using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrleansSms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansSms.Tests.Console;

/// <summary>
/// The README's first five minutes in the console: a store's SMS channel, a contact's record with
/// its SMS history, the SMS editor. With <see cref="ConsoleFixture.ScreenshotsVariable"/> set it
/// saves the README's pictures (<c>ORLEANSSMS_SCREENSHOTS=docs/images</c>).
/// </summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ConsoleWalkthroughTests(ConsoleFixture console)
{
    [Fact]
    public async Task A_store_with_its_channel_a_contact_and_an_SMS_shows_them_on_the_console_pages()
    {
        var store = Ids.Unique("demo");
        var phone = TestPhones.Next();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms-channel", new
        {
            provider = "instasent", apiToken = "your-instasent-token", defaultSubscriptionStatus = "none", throttlePerSecond = 50, defaultCountry = "ES",
        })).ReadJsonAsync();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/contacts/ana", new
        {
            _mobilePhone = phone, _smsSubscriptionStatus = "subscribed", fields = new { firstName = "Ana", city = "Madrid" },
        })).ReadJsonAsync();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms/welcome", new { name = "Welcome", text = "Hola {{firstName}}, tu pedido está listo" })).ReadJsonAsync();
        await (await console.Api.PostAsJsonAsync($"/api/stores/{store}/contacts/ana/sms", new { smsId = "welcome", senderName = "MyShop" })).ReadJsonAsync();

        var page = await console.NewPageAsync();
        await ConsoleFixture.SignInAsync(page, SiloFactory.AllStoresKey);
        await Expect(page).ToHaveURLAsync(new Regex("/console/stores$"));

        await page.GotoAsync($"/console/stores/{store}/settings/sms");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "SMS channel" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Callback URL")).ToHaveValueAsync(new Regex("/callbacks/instasent/"));
        await Expect(page.GetByLabel("Default country")).ToHaveValueAsync("ES");
        await ConsoleFixture.AssertAccessibleAsync(page);
        await ConsoleFixture.ScreenshotAsync(page, "console-sms-settings");

        await page.GotoAsync($"/console/stores/{store}/contacts/ana");
        await Expect(page.GetByLabel("Mobile Phone", new() { Exact = true })).ToHaveValueAsync(phone);
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "SMS history" }).GetByRole(AriaRole.Row).Filter(new() { HasText = "welcome" }))
            .ToContainTextAsync("Outbound");
        await ConsoleFixture.AssertAccessibleAsync(page);
        await ConsoleFixture.ScreenshotAsync(page, "console-contact");

        await page.GotoAsync($"/console/stores/{store}/sms");
        await page.GetByRole(AriaRole.Link, new() { Name = "welcome", Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("Encoding")).ToHaveTextAsync("UCS-2");
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Characters that force UCS-2" })).ToHaveTextAsync("á");
        await page.GetByLabel("Contact id").FillAsync("ana");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Expect(page.GetByLabel("Rendered text")).ToHaveTextAsync("Hola Ana, tu pedido está listo");
        await ConsoleFixture.AssertAccessibleAsync(page);
        await ConsoleFixture.ScreenshotAsync(page, "console-sms-editor");
    }
}
