using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrleansSms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansSms.Tests.Console;

/// <summary>The list of SMS contents, each opening its editor, and New SMS checked with the API's words before the editor opens.</summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SmsContentsPageTests(ConsoleFixture console)
{
    private async Task<IPage> OpenAsync(string store, int width = 1280)
    {
        var page = await console.NewPageAsync(width);
        await ConsoleFixture.SignInAsync(page, SiloFactory.AllStoresKey);
        await Expect(page).ToHaveURLAsync(new Regex("/console/stores$"));
        await page.GotoAsync($"/console/stores/{store}/sms");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "SMS contents" })).ToBeVisibleAsync();
        return page;
    }

    [Fact]
    public async Task The_list_shows_each_content_with_its_figures_and_opens_its_editor()
    {
        var store = Ids.Store();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms/hello", new { name = "Hello", text = "Hola, ¿cómo estás?" })).ReadJsonAsync();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms/long", new { name = "Long one", text = new string('a', 161) })).ReadJsonAsync();
        var page = await OpenAsync(store);

        var table = page.GetByRole(AriaRole.Table, new() { Name = "SMS contents" });
        var hello = table.GetByRole(AriaRole.Row).Filter(new() { HasText = "Hello" });
        await Expect(hello).ToContainTextAsync("UCS-2");
        var longOne = table.GetByRole(AriaRole.Row).Filter(new() { HasText = "Long one" });
        await Expect(longOne.Locator("td").Nth(2)).ToHaveTextAsync("161");
        await Expect(longOne.Locator("td").Nth(3)).ToHaveTextAsync("2");
        await ConsoleFixture.AssertAccessibleAsync(page);

        await table.GetByRole(AriaRole.Link, new() { Name = "hello", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/console/stores/{store}/sms/hello$"));
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Hello");
    }

    [Fact]
    public async Task New_SMS_refuses_a_bad_id_and_a_missing_name_in_the_APIs_words_then_opens_the_editor_that_saves_it()
    {
        var store = Ids.Store();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms/hello", new { name = "Hello", text = "Hola" })).ReadJsonAsync();
        var page = await OpenAsync(store);

        await page.GetByRole(AriaRole.Button, new() { Name = "New SMS" }).ClickAsync();
        await page.GetByLabel("SMS id").FillAsync("bad id!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();

        var badId = await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms/{Uri.EscapeDataString("bad id!")}", new { name = "X", text = "x" })).ReadJsonAsync(HttpStatusCode.BadRequest);
        var noName = await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms/promo", new { text = "x" })).ReadJsonAsync(HttpStatusCode.BadRequest);
        await Expect(page.GetByText(badId.GetProperty("errors").GetProperty("smsId")[0].GetString()!)).ToBeVisibleAsync();
        await Expect(page.GetByText(noName.GetProperty("errors").GetProperty("name")[0].GetString()!)).ToBeVisibleAsync();
        await ConsoleFixture.AssertAccessibleAsync(page);

        // An id the store has is not new.
        await page.GetByLabel("SMS id").FillAsync("hello");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Hello again");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(page.GetByText("'hello' is already an SMS content of this store")).ToBeVisibleAsync();

        await page.GetByLabel("SMS id").FillAsync("promo");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Spring promo");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/console/stores/{store}/sms/promo\\?name=Spring%20promo$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "SMS content promo" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Spring promo");
        Assert.Equal(HttpStatusCode.NotFound, (await console.Api.GetAsync($"/api/stores/{store}/sms/promo")).StatusCode);
        await page.GetByLabel("Text", new() { Exact = true }).FillAsync("20% hoy");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Saved.")).ToBeVisibleAsync();
        var saved = await (await console.Api.GetAsync($"/api/stores/{store}/sms/promo")).ReadJsonAsync();
        Assert.Equal(("Spring promo", "20% hoy"), (saved.GetProperty("name").GetString(), saved.GetProperty("text").GetString()));

        var narrow = await OpenAsync(store, 390);
        await Expect(narrow.GetByRole(AriaRole.Link, new() { Name = "promo", Exact = true })).ToBeVisibleAsync();
        await narrow.GetByRole(AriaRole.Button, new() { Name = "New SMS" }).ClickAsync();
        await Expect(narrow.GetByLabel("SMS id")).ToBeVisibleAsync();
        await ConsoleFixture.AssertAccessibleAsync(narrow);
    }
}
