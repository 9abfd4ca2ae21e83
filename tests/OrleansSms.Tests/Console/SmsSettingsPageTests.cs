using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrleansSms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansSms.Tests.Console;

/// <summary>Store Settings &gt; Channels &gt; SMS: connect Instasent, copy the callback URL, rotate it, and bad input.</summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SmsSettingsPageTests(ConsoleFixture console)
{
    private async Task<IPage> OpenAsync(string store, int width = 1280)
    {
        var page = await console.NewPageAsync(width);
        await ConsoleFixture.SignInAsync(page, SiloFactory.AllStoresKey);
        await Expect(page).ToHaveURLAsync(new Regex("/console/stores$"));
        await page.GotoAsync($"/console/stores/{store}/settings/sms");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "SMS channel" })).ToBeVisibleAsync();
        return page;
    }

    private async Task<string> ApiCallbackUrlAsync(string store) =>
        (await (await console.Api.GetAsync($"/api/stores/{store}/sms-channel")).ReadJsonAsync()).GetProperty("callbackUrl").GetString()!;

    [Fact]
    public async Task Connecting_a_store_shows_the_callback_URL_the_API_gives_copies_it_and_rotates_it_after_confirming()
    {
        var store = Ids.Store();
        var page = await OpenAsync(store);
        await ConsoleFixture.AssertAccessibleAsync(page);

        await page.GetByLabel("API token").FillAsync("console-token-" + store);
        await page.GetByLabel("Default country").FillAsync("ES");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();

        var callback = page.GetByLabel("Callback URL");
        await Expect(callback).ToHaveValueAsync(new Regex("/callbacks/instasent/"));
        await Expect(callback).ToHaveValueAsync(await ApiCallbackUrlAsync(store));
        var first = await callback.InputValueAsync();
        await Expect(page.GetByLabel("API token")).ToHaveValueAsync("");
        await Expect(page.GetByText("console-token-" + store)).ToHaveCountAsync(0);
        await ConsoleFixture.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
        await Expect(page.GetByText("Callback URL copied.")).ToBeVisibleAsync();
        Assert.Equal(first, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        // Rotating asks first; cancelling changes nothing.
        await page.GetByRole(AriaRole.Button, new() { Name = "Rotate callback secret" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        Assert.Equal(first, await ApiCallbackUrlAsync(store));

        await page.GetByRole(AriaRole.Button, new() { Name = "Rotate callback secret" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Rotate", Exact = true }).ClickAsync();
        await Expect(callback).Not.ToHaveValueAsync(first);
        Assert.Equal(await ApiCallbackUrlAsync(store), await callback.InputValueAsync());
    }

    [Fact]
    public async Task A_bad_country_shows_the_API_message_next_to_the_field_and_saves_nothing()
    {
        var store = Ids.Store();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms-channel", new { provider = "instasent", apiToken = "tok-" + store, defaultCountry = "ES" })).ReadJsonAsync();
        var page = await OpenAsync(store);
        await Expect(page.GetByLabel("Default country")).ToHaveValueAsync("ES");

        await page.GetByLabel("Default country").FillAsync("XX");
        await page.GetByLabel("Messages per second").FillAsync("25");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();

        // The same words the API answers for the same value.
        var problem = await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms-channel", new { defaultCountry = "XX" })).ReadJsonAsync(System.Net.HttpStatusCode.BadRequest);
        var message = problem.GetProperty("errors").GetProperty("defaultCountry")[0].GetString()!;
        await Expect(page.GetByText(message)).ToBeVisibleAsync();
        await ConsoleFixture.AssertAccessibleAsync(page);

        var channel = await (await console.Api.GetAsync($"/api/stores/{store}/sms-channel")).ReadJsonAsync();
        Assert.Equal("ES", channel.GetProperty("defaultCountry").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, channel.GetProperty("throttlePerSecond").ValueKind);
    }

    [Fact]
    public async Task The_page_is_usable_at_390_pixels_wide()
    {
        var store = Ids.Store();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms-channel", new { provider = "instasent", apiToken = "tok-" + store })).ReadJsonAsync();
        var page = await OpenAsync(store, width: 390);

        var save = page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true });
        await save.ScrollIntoViewIfNeededAsync();
        await Expect(save).ToBeInViewportAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways at 390 px");
        await ConsoleFixture.AssertAccessibleAsync(page);
    }
}
