using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OrleansSms.Abstractions.Sending;
using OrleansSms.Domain.Reports;
using OrleansSms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansSms.Tests.Console;

/// <summary>The store's home: the figures of the last 30 days, the same as GET …/reports/sms for the same range.</summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Browser")]
public sealed class DashboardPageTests(ConsoleFixture console)
{
    [Fact]
    public async Task The_dashboard_figures_equal_the_SMS_report_of_the_same_range()
    {
        var store = Ids.Store();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms-channel", new { provider = "instasent", apiToken = "tok-" + store, defaultCountry = "ES" })).ReadJsonAsync();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms/hello", new { name = "Hello", text = "Hola, ¿qué tal?" })).ReadJsonAsync();
        var phones = Enumerable.Range(0, 4).Select(_ => TestPhones.Next()).ToArray();
        await console.SimulatorOutcomesAsync(new Dictionary<string, string> { [phones[3]] = "failed" });
        for (var i = 0; i < phones.Length; i++)
        {
            await (await console.Api.PutJsonAsync($"/api/stores/{store}/contacts/c{i}", new { _mobilePhone = phones[i], _smsSubscriptionStatus = "subscribed" })).ReadJsonAsync();
            await (await console.Api.PostAsJsonAsync($"/api/stores/{store}/contacts/c{i}/sms", new { smsId = "hello", senderName = "MyShop" })).ReadJsonAsync();
        }

        // Three delivered, one undelivered, and a STOP: every figure has something to count.
        await SendingSiloFixture.EventuallyAsync(
            async () => await (await console.Api.GetAsync($"/api/stores/{store}/reports/sms")).ReadJsonAsync(),
            r => r.GetProperty("totals").GetProperty("delivered").GetInt64() == 3 && r.GetProperty("totals").GetProperty("undelivered").GetInt64() == 1,
            "the reports to be counted", seconds: 30);
        await console.SimulatorInboundAsync(phones[0], "STOP");
        await SendingSiloFixture.EventuallyAsync(
            async () => await (await console.Api.GetAsync($"/api/stores/{store}/reports/sms")).ReadJsonAsync(),
            r => r.GetProperty("totals").GetProperty("optOuts").GetInt64() == 1, "the opt-out to be counted", seconds: 30);

        var page = await console.NewPageAsync();
        await ConsoleFixture.SignInAsync(page, SiloFactory.AllStoresKey);
        await Expect(page).ToHaveURLAsync(new Regex("/console/stores$"));
        await page.GotoAsync($"/console/stores/{store}");
        var range = page.GetByTestId("dashboard-range");
        await Expect(range).ToBeVisibleAsync();
        var (from, to) = (await range.GetAttributeAsync("data-from"), await range.GetAttributeAsync("data-to"));

        var report = await (await console.Api.GetAsync($"/api/stores/{store}/reports/sms?from={from}&to={to}&granularity=day")).ReadJsonAsync();
        Assert.Equal(from, report.GetProperty("from").GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"));
        Assert.Equal(to, report.GetProperty("to").GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"));
        Assert.True(report.GetProperty("buckets").GetArrayLength() >= 30);
        var totals = report.GetProperty("totals");
        foreach (var name in new[] { "sent", "delivered", "undelivered", "optOuts", "inbound", "segments" })
        {
            await Expect(page.GetByTestId("dashboard-" + name)).ToHaveTextAsync(RunPageTests.Number(totals.GetProperty(name).GetInt64()));
        }

        Assert.Equal(4, totals.GetProperty("sent").GetInt64());
        Assert.Equal(1, totals.GetProperty("inbound").GetInt64());
        // The rate is the delivered share of the sent: 3 of 4.
        await Expect(page.GetByTestId("dashboard-deliveryRate")).ToHaveTextAsync("75.0 %");
        Assert.Equal(SmsFigures.FormatRate(3 / 4.0), await page.GetByTestId("dashboard-deliveryRate").TextContentAsync());

        // The chart, and the same figures by day in a table.
        await Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("^Chart of sent") }).Locator("svg").First).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Figures by day" }).ClickAsync();
        var lastBucket = report.GetProperty("buckets").EnumerateArray().Last(b => b.GetProperty("sent").GetInt64() > 0);
        var row = page.GetByTestId("dashboard-days").Locator("tbody tr")
            .Filter(new() { HasText = lastBucket.GetProperty("start").GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd") });
        await Expect(row).ToContainTextAsync("75.0 %");
        await ConsoleFixture.AssertAccessibleAsync(page);

        // The channel summary is still there.
        await Expect(page.GetByText(new Regex("Connected to Instasent"))).ToBeVisibleAsync();

        var narrow = await console.NewPageAsync(390);
        await ConsoleFixture.SignInAsync(narrow, SiloFactory.AllStoresKey);
        await Expect(narrow).ToHaveURLAsync(new Regex("/console/stores$"));
        await narrow.GotoAsync($"/console/stores/{store}");
        await Expect(narrow.GetByTestId("dashboard-sent")).ToHaveTextAsync("4");
        await ConsoleFixture.AssertAccessibleAsync(narrow);
    }

    [Fact]
    public async Task The_dashboard_shows_the_messages_waiting_for_Instasent_when_there_are_some()
    {
        var store = Ids.Store();
        var page = await console.NewPageAsync();
        await ConsoleFixture.SignInAsync(page, SiloFactory.AllStoresKey);
        await Expect(page).ToHaveURLAsync(new Regex("/console/stores$"));
        await page.GotoAsync($"/console/stores/{store}");
        await Expect(page.GetByTestId("dashboard-sent")).ToHaveTextAsync("0");
        await Expect(page.GetByTestId("dashboard-backlog")).ToHaveCountAsync(0);

        // A silo tells the store's backlog its share (as its reporter does while Instasent is away).
        var grains = console.Silo.Services.GetRequiredService<IGrainFactory>();
        await grains.GetStoreBacklog(store).ReportAsync("silo-under-test", 7);
        await page.ReloadAsync();
        await Expect(page.GetByTestId("dashboard-backlog")).ToContainTextAsync("7 messages wait for Instasent");
        await ConsoleFixture.AssertAccessibleAsync(page);
    }
}
