using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrleansSms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansSms.Tests.Console;

/// <summary>The import page: a CSV goes in through the API's own import, with a progress bar, then its counts and rejected lines.</summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ContactImportPageTests(ConsoleFixture console)
{
    private const string BadLines = """
        contactId;_mobilePhone;_smsSubscriptionStatus;firstName;age:number
        new1;600 111 222;subscribed;"Ana; María";31
        existing1;+44 7911 123456;;Bob;
        bad id!;600111223;;Eve;1
        new2;12ab;;Eve;2
        new3;600111224;maybe;Eve;3
        new4;600111225;;Eve;old
        """;

    private async Task<string> StoreAsync()
    {
        var store = Ids.Store();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms-channel", new
        {
            provider = "instasent", apiToken = "tok-" + store, defaultSubscriptionStatus = "subscribed", defaultCountry = "ES",
        })).ReadJsonAsync();
        await (await console.Api.PutRawJsonAsync($"/api/stores/{store}/contacts/existing1", """{"fields":{"firstName":"Old"}}""")).ReadJsonAsync();
        return store;
    }

    private async Task<IPage> OpenAsync(string store, int width = 1280)
    {
        var page = await console.NewPageAsync(width);
        await ConsoleFixture.SignInAsync(page, SiloFactory.AllStoresKey);
        await Expect(page).ToHaveURLAsync(new Regex("/console/stores$"));
        await page.GotoAsync($"/console/stores/{store}/contacts/import");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import contacts" })).ToBeVisibleAsync();
        return page;
    }

    private static FilePayload Csv(string name, string text, string mimeType = "text/csv") =>
        new() { Name = name, MimeType = mimeType, Buffer = Encoding.UTF8.GetBytes(text) };

    [Fact]
    public async Task A_CSV_with_bad_lines_shows_the_progress_bar_then_the_counts_and_the_rejected_lines_the_API_gives()
    {
        var store = await StoreAsync();
        var page = await OpenAsync(store);
        await ConsoleFixture.AssertAccessibleAsync(page);

        await page.GetByLabel("CSV file").SetInputFilesAsync(Csv("contacts.csv", BadLines));
        await page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();

        var bar = page.GetByRole(AriaRole.Progressbar, new() { Name = "Import progress" });
        await Expect(bar).ToBeVisibleAsync();
        await Expect(bar).ToHaveAttributeAsync("aria-valuenow", "100");
        await Expect(page.GetByText("Done: 6 lines read.")).ToBeVisibleAsync();

        // The same file through the API, into a store set up the same way: the same answer.
        var twin = await StoreAsync();
        var report = await (await console.Api.PostAsync($"/api/stores/{twin}/contacts/import",
            new StringContent(BadLines, Encoding.UTF8, "text/csv"))).ReadJsonAsync();
        await Expect(page.GetByLabel("Created", new() { Exact = true })).ToHaveTextAsync(report.GetProperty("created").GetInt32().ToString());
        await Expect(page.GetByLabel("Updated", new() { Exact = true })).ToHaveTextAsync(report.GetProperty("updated").GetInt32().ToString());
        await Expect(page.GetByLabel("Rejected", new() { Exact = true })).ToHaveTextAsync(report.GetProperty("rejectedCount").GetInt32().ToString());
        Assert.Equal((1, 1, 4), (report.GetProperty("created").GetInt32(), report.GetProperty("updated").GetInt32(), report.GetProperty("rejectedCount").GetInt32()));

        var rows = page.GetByRole(AriaRole.Table, new() { Name = "Rejected lines" }).Locator("tbody tr");
        var rejected = report.GetProperty("rejected").EnumerateArray().ToList();
        await Expect(rows).ToHaveCountAsync(rejected.Count);
        for (var i = 0; i < rejected.Count; i++)
        {
            await Expect(rows.Nth(i).Locator("td").Nth(0)).ToHaveTextAsync(rejected[i].GetProperty("line").GetInt32().ToString());
            await Expect(rows.Nth(i).Locator("td").Nth(1)).ToHaveTextAsync(rejected[i].GetProperty("error").GetString()!);
        }

        await ConsoleFixture.AssertAccessibleAsync(page);

        // What went in is there, as the API's import left it.
        var ana = await (await console.Api.GetAsync($"/api/stores/{store}/contacts/new1")).ReadJsonAsync();
        Assert.Equal("+34600111222", ana.GetProperty("_mobilePhone").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await console.Api.GetAsync($"/api/stores/{store}/contacts/new2")).StatusCode);

        var narrow = await OpenAsync(store, 390);
        await narrow.GetByLabel("CSV file").SetInputFilesAsync(Csv("contacts.csv", BadLines));
        await narrow.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();
        // A second time every good line updates.
        await Expect(narrow.GetByLabel("Updated", new() { Exact = true })).ToHaveTextAsync("2");
        await ConsoleFixture.AssertAccessibleAsync(narrow);
    }

    [Fact]
    public async Task A_file_that_is_not_a_CSV_gets_a_sentence_and_cannot_be_imported()
    {
        var store = await StoreAsync();
        var page = await OpenAsync(store);

        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "logo.png", MimeType = "image/png", Buffer = [0x89, 0x50, 0x4e, 0x47] });

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(new Regex("'logo.png' is not a CSV file"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true })).ToBeDisabledAsync();
        await ConsoleFixture.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task A_header_the_import_refuses_shows_the_APIs_sentence_and_imports_nothing()
    {
        var store = await StoreAsync();
        const string csv = "firstName,age:number\nAna,31\n";
        var problem = await (await console.Api.PostAsync($"/api/stores/{store}/contacts/import",
            new StringContent(csv, Encoding.UTF8, "text/csv"))).ReadJsonAsync(HttpStatusCode.BadRequest);
        var sentence = problem.GetProperty("errors").GetProperty("header")[0].GetString()!;
        var page = await OpenAsync(store);

        await page.GetByLabel("CSV file").SetInputFilesAsync(Csv("contacts.csv", csv));
        await page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(sentence);
        await Expect(page.GetByRole(AriaRole.Progressbar)).ToHaveCountAsync(0);
        await ConsoleFixture.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task The_contacts_page_links_to_the_import()
    {
        var store = await StoreAsync();
        var page = await console.NewPageAsync();
        await ConsoleFixture.SignInAsync(page, SiloFactory.AllStoresKey);
        await Expect(page).ToHaveURLAsync(new Regex("/console/stores$"));
        await page.GotoAsync($"/console/stores/{store}/contacts");

        await page.GetByRole(AriaRole.Link, new() { Name = "Import", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/console/stores/{store}/contacts/import$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import contacts" })).ToBeVisibleAsync();
    }
}
