using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrleansSms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansSms.Tests.Console;

/// <summary>Erase contact on the record: it asks first, erases as the API's DELETE does, and the contact is gone from the list and the API.</summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ContactErasurePageTests(ConsoleFixture console)
{
    private async Task<(string Store, IPage Page)> OpenAsync(string contactId, int width = 1280)
    {
        var store = Ids.Store();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms-channel", new { provider = "instasent", apiToken = "tok-" + store, defaultCountry = "ES" })).ReadJsonAsync();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/contacts/{contactId}", new { _mobilePhone = TestPhones.Next(), fields = new { firstName = "Ana" } })).ReadJsonAsync();
        var page = await console.NewPageAsync(width);
        await ConsoleFixture.SignInAsync(page, SiloFactory.AllStoresKey);
        await Expect(page).ToHaveURLAsync(new Regex("/console/stores$"));
        await page.GotoAsync($"/console/stores/{store}/contacts/{contactId}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Contact {contactId}" })).ToBeVisibleAsync();
        return (store, page);
    }

    [Fact]
    public async Task Erase_asks_to_confirm_then_the_contact_is_gone_from_the_list_and_the_API()
    {
        var (store, page) = await OpenAsync("ana");

        await page.GetByRole(AriaRole.Button, new() { Name = "Erase contact" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("Erase contact ana?");
        await ConsoleFixture.AssertAccessibleAsync(page);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Erase", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/console/stores/{store}/contacts$"));
        await Expect(page.GetByText("Contact ana was erased.")).ToBeVisibleAsync();
        await Expect(page.GetByText("No contact matches.")).ToBeVisibleAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await console.Api.GetAsync($"/api/stores/{store}/contacts/ana")).StatusCode);
        var list = await (await console.Api.GetAsync($"/api/stores/{store}/contacts")).ReadJsonAsync();
        Assert.Empty(list.GetProperty("items").EnumerateArray());

        await page.GotoAsync($"/console/stores/{store}/contacts/ana");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Cancelling_the_confirmation_erases_nothing()
    {
        var (store, page) = await OpenAsync("ben", 390);

        await page.GetByRole(AriaRole.Button, new() { Name = "Erase contact" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("Erase contact ben?");
        await ConsoleFixture.AssertAccessibleAsync(page);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Contact ben" })).ToBeVisibleAsync();
        await (await console.Api.GetAsync($"/api/stores/{store}/contacts/ben")).ReadJsonAsync();
    }
}
