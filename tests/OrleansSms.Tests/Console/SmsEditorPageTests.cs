using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrleansSms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansSms.Tests.Console;

/// <summary>The SMS editor: the live counter, the characters that force UCS-2, variables, a preview, Save and a test send.</summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SmsEditorPageTests(ConsoleFixture console)
{
    private async Task<IPage> OpenAsync(string store, string smsId)
    {
        var page = await console.NewPageAsync();
        await ConsoleFixture.SignInAsync(page, SiloFactory.AllStoresKey);
        await Expect(page).ToHaveURLAsync(new Regex("/console/stores$"));
        await page.GotoAsync($"/console/stores/{store}/sms/{smsId}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"SMS content {smsId}" })).ToBeVisibleAsync();
        return page;
    }

    [Fact]
    public async Task The_counter_moves_to_two_segments_at_161_characters_and_an_accent_is_listed_as_forcing_UCS2()
    {
        var store = Ids.Store();
        var page = await OpenAsync(store, "promo");
        var text = page.GetByLabel("Text", new() { Exact = true });

        await text.FillAsync(new string('a', 160));
        await Expect(page.GetByLabel("Characters")).ToHaveTextAsync("160");
        await Expect(page.GetByLabel("Segments")).ToHaveTextAsync("1");
        await Expect(page.GetByLabel("Encoding")).ToHaveTextAsync("GSM-7");

        await text.PressSequentiallyAsync("a");
        await Expect(page.GetByLabel("Characters")).ToHaveTextAsync("161");
        await Expect(page.GetByLabel("Segments")).ToHaveTextAsync("2");

        await text.FillAsync("Hola {{firstName}}, tu pedido está listo");
        await Expect(page.GetByLabel("Encoding")).ToHaveTextAsync("UCS-2");
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Characters that force UCS-2" })).ToHaveTextAsync("á");
        await Expect(page.GetByLabel("Text with the characters that force UCS-2 marked").Locator("mark")).ToHaveTextAsync("á");
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Variables" })).ToHaveTextAsync("firstName");
        await ConsoleFixture.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Save_keeps_the_text_a_missing_name_is_refused_in_place_and_the_preview_and_test_send_use_it()
    {
        var store = Ids.Store();
        var phone = TestPhones.Next();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms-channel", new { provider = "instasent", apiToken = "tok-" + store, defaultCountry = "ES" })).ReadJsonAsync();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/contacts/ana", new { _mobilePhone = phone, fields = new { firstName = "Ana" } })).ReadJsonAsync();
        var page = await OpenAsync(store, "welcome");

        await page.GetByLabel("Text", new() { Exact = true }).FillAsync("Hola {{firstName}}!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByText("is required")).ToBeVisibleAsync();
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await console.Api.GetAsync($"/api/stores/{store}/sms/welcome")).StatusCode);

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Welcome");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Saved.")).ToBeVisibleAsync();
        var saved = await (await console.Api.GetAsync($"/api/stores/{store}/sms/welcome")).ReadJsonAsync();
        Assert.Equal(("Welcome", "Hola {{firstName}}!"), (saved.GetProperty("name").GetString(), saved.GetProperty("text").GetString()));

        await page.GetByLabel("Contact id").FillAsync("ana");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Expect(page.GetByLabel("Rendered text")).ToHaveTextAsync("Hola Ana!");

        var to = TestPhones.Next();
        await page.GetByLabel("Phone number").FillAsync(to);
        await page.GetByLabel("Sender name").FillAsync("MyShop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send test" }).ClickAsync();
        await Expect(page.GetByText(new Regex("^Sent to Instasent"))).ToBeVisibleAsync();
        var messages = await console.SimulatorMessagesAsync(to);
        Assert.StartsWith("Hola", Assert.Single(messages).GetProperty("text").GetString());
        await ConsoleFixture.AssertAccessibleAsync(page);
    }
}
