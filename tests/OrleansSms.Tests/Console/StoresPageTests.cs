using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrleansSms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansSms.Tests.Console;

/// <summary>The list of stores for an all-stores key, each opening its home; a store key sees no other store's pages.</summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Browser")]
public sealed class StoresPageTests(ConsoleFixture console)
{
    [Fact]
    public async Task The_stores_with_a_channel_are_listed_each_a_link_to_its_home()
    {
        var store = Ids.Store();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms-channel", new { provider = "instasent", apiToken = "tok-" + store, defaultCountry = "FR" })).ReadJsonAsync();
        var page = await console.NewPageAsync();
        await ConsoleFixture.SignInAsync(page, SiloFactory.AllStoresKey);
        await Expect(page).ToHaveURLAsync(new Regex("/console/stores$"));

        var table = page.GetByRole(AriaRole.Table, new() { Name = "Stores" });
        var link = table.GetByRole(AriaRole.Link, new() { Name = store, Exact = true });
        var first = table.GetByRole(AriaRole.Link).First;
        await Expect(first).ToBeVisibleAsync();
        await ConsoleFixture.AssertAccessibleAsync(page);
        // Other tests' stores share this silo: page on (in id order) until this one shows.
        while (await link.CountAsync() == 0)
        {
            var shown = await first.TextContentAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
            await Expect(first).Not.ToHaveTextAsync(shown!);
        }

        await Expect(table.GetByRole(AriaRole.Row).Filter(new() { HasText = store })).ToContainTextAsync("FR");
        await link.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/console/stores/{store}$"));

        var narrow = await console.NewPageAsync(390);
        await ConsoleFixture.SignInAsync(narrow, SiloFactory.AllStoresKey);
        await Expect(narrow.GetByRole(AriaRole.Table, new() { Name = "Stores" })).ToBeVisibleAsync();
        await ConsoleFixture.AssertAccessibleAsync(narrow);
    }

    [Fact]
    public async Task A_store_key_finds_another_stores_import_and_SMS_pages_not_found()
    {
        var other = Ids.Store();
        await (await console.Api.PutJsonAsync($"/api/stores/{other}/sms-channel", new { provider = "instasent", apiToken = "tok-" + other })).ReadJsonAsync();
        await (await console.Api.PutJsonAsync($"/api/stores/{other}/sms/secret-offer", new { name = "Secret offer", text = "Only for them" })).ReadJsonAsync();
        var page = await console.NewPageAsync();
        await ConsoleFixture.SignInAsync(page, SiloFactory.StoreKey);
        await Expect(page).ToHaveURLAsync(new Regex($"/console/stores/{SiloFactory.StoreKeyStore}$"));

        foreach (var path in new[] { $"/console/stores/{other}/contacts/import", $"/console/stores/{other}/sms", $"/console/stores/{other}/sms/secret-offer" })
        {
            await page.GotoAsync(path);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
            await Expect(page.GetByLabel("CSV file")).ToHaveCountAsync(0);
            await Expect(page.GetByText("Secret offer")).ToHaveCountAsync(0);
            await Expect(page.GetByText("Only for them")).ToHaveCountAsync(0);
        }

        // Its own pages open.
        await page.GotoAsync($"/console/stores/{SiloFactory.StoreKeyStore}/sms");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "SMS contents" })).ToBeVisibleAsync();
        await page.GotoAsync($"/console/stores/{SiloFactory.StoreKeyStore}/contacts/import");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Choose CSV file" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("CSV file", new() { Exact = true })).ToHaveCountAsync(1);
    }
}
