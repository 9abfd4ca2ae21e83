using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrleansSms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansSms.Tests.Console;

/// <summary>The contacts page: found by a phone typed the national way, filtered, paged, each row opening its record.</summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ContactsPageTests(ConsoleFixture console)
{
    [Fact]
    public async Task A_phone_in_national_form_finds_the_contact_whose_row_opens_its_record()
    {
        var store = Ids.Store();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms-channel", new { provider = "instasent", apiToken = "tok-" + store, defaultCountry = "ES" })).ReadJsonAsync();
        var phones = Enumerable.Range(0, 3).Select(_ => TestPhones.Next()).ToList();
        for (var i = 0; i < phones.Count; i++)
        {
            await (await console.Api.PutJsonAsync($"/api/stores/{store}/contacts/c{i}", new { _mobilePhone = phones[i], _mobilePhoneStatus = i == 2 ? "paused" : "active" })).ReadJsonAsync();
        }

        var page = await console.NewPageAsync();
        await ConsoleFixture.SignInAsync(page, SiloFactory.AllStoresKey);
        await Expect(page).ToHaveURLAsync(new Regex("/console/stores$"));
        await page.GotoAsync($"/console/stores/{store}/contacts");
        var rows = page.GetByRole(AriaRole.Table, new() { Name = "Contacts" }).Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(3);
        await ConsoleFixture.AssertAccessibleAsync(page);

        // +346XXXXXXXX typed as a Spaniard would: 6XX XX XX XX.
        var digits = phones[1][3..];
        var national = $"{digits[..3]} {digits[3..5]} {digits[5..7]} {digits[7..]}";
        await page.GetByLabel("Search").FillAsync(national);
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync(phones[1]);

        await page.GetByRole(AriaRole.Link, new() { Name = "c1", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Contact c1" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Mobile Phone", new() { Exact = true })).ToHaveValueAsync(phones[1]);
    }

    [Fact]
    public async Task A_phone_status_filter_keeps_the_matching_contacts()
    {
        var store = Ids.Store();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms-channel", new { provider = "instasent", apiToken = "tok-" + store, defaultCountry = "ES" })).ReadJsonAsync();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/contacts/active", new { _mobilePhone = TestPhones.Next() })).ReadJsonAsync();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/contacts/paused", new { _mobilePhone = TestPhones.Next(), _mobilePhoneStatus = "paused" })).ReadJsonAsync();

        var page = await console.NewPageAsync();
        await ConsoleFixture.SignInAsync(page, SiloFactory.AllStoresKey);
        await Expect(page).ToHaveURLAsync(new Regex("/console/stores$"));
        await page.GotoAsync($"/console/stores/{store}/contacts");
        var rows = page.GetByRole(AriaRole.Table, new() { Name = "Contacts" }).Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(2);

        await page.GetByLabel("Phone status").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Paused" }).ClickAsync();
        await Expect(page.GetByLabel("Phone status")).ToContainTextAsync("Paused");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("paused");
        await Expect(page.GetByText("1 contact(s)")).ToBeVisibleAsync();
    }
}
