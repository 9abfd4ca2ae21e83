using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrleansSms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansSms.Tests.Console;

/// <summary>A run's page: a newsletter's counters pushed to the page as it runs, an event run's path node by node.</summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Browser")]
public sealed class RunPageTests(ConsoleFixture console)
{
    private static readonly string[] NotCounters = ["version", "shards", "shardsDone"];

    /// <summary>A number as the page writes it, whatever group separator the culture uses.</summary>
    public static Regex Number(long n)
    {
        var digits = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var groups = new List<string>();
        for (var end = digits.Length; end > 0; end -= 3)
        {
            groups.Insert(0, digits[Math.Max(0, end - 3)..end]);
        }

        return new Regex("^" + string.Join("[^0-9]?", groups) + "$");
    }

    private async Task<IPage> SignedInAsync(int width = 1280)
    {
        var page = await console.NewPageAsync(width);
        await ConsoleFixture.SignInAsync(page, SiloFactory.AllStoresKey);
        await Expect(page).ToHaveURLAsync(new Regex("/console/stores$"));
        return page;
    }

    [Fact]
    public async Task A_newsletter_over_2000_contacts_shows_its_counters_moving_and_ends_equal_to_the_API()
    {
        const int contacts = 2_000;
        var store = Ids.Store();
        // 80 messages a second: the run's few hundred messages take seconds to go out.
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms-channel", new
        {
            provider = "instasent", apiToken = "tok-" + store, defaultCountry = "ES", throttlePerSecond = 80,
        })).ReadJsonAsync();

        // Mixed statuses by row number: every eleventh without a phone, every fifth bounced,
        // every seventh paused, every second not subscribed; the rest are sent to.
        var csv = new StringBuilder("contactId,_mobilePhone,_mobilePhoneStatus,_smsSubscriptionStatus,firstName\n");
        var expected = new Dictionary<string, long> { ["sent"] = 0, ["bounced"] = 0, ["paused"] = 0, ["notSubscribed"] = 0, ["noPhone"] = 0 };
        for (var i = 0; i < contacts; i++)
        {
            var (hasPhone, status, subscription) = (i % 11 != 0, i % 5 == 0 ? "bounced" : i % 7 == 0 ? "paused" : "active", i % 2 == 0 ? "notSubscribed" : "subscribed");
            csv.Append($"n{i},{(hasPhone ? TestPhones.Next() : "")},{status},{subscription},Name{i}\n");
            expected[!hasPhone ? "noPhone" : status != "active" ? status : subscription == "notSubscribed" ? "notSubscribed" : "sent"]++;
        }

        var imported = await (await console.Api.PostAsync($"/api/stores/{store}/contacts/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).ReadJsonAsync();
        Assert.Equal(contacts, imported.GetProperty("created").GetInt32());
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms/news", new { name = "News", text = "Hola {{firstName}}, novedades" })).ReadJsonAsync();
        await (await console.Api.PutRawJsonAsync($"/api/stores/{store}/workflows/weekly", """
            {"name":"Weekly","trigger":{"type":"newsletter"},"start":"send","nodes":[
              {"id":"send","type":"sendSms","smsId":"news","recipient":{"type":"contact"},"kind":"newsletter","senderName":"MyShop",
               "variables":{"firstName":{"from":"contact","field":"firstName"}},"next":null}]}
            """)).ReadJsonAsync();

        var page = await SignedInAsync();
        await (await console.Api.PostAsJsonAsync($"/api/stores/{store}/workflows/weekly/runs", new { runId = "weekly-1" })).ReadJsonAsync(HttpStatusCode.Accepted);
        await page.GotoAsync($"/console/stores/{store}/workflows/weekly/runs/weekly-1");
        // A busy machine (the run's sends share its cores) may take a while to draw the page.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Run weekly-1" })).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // While it runs, with no reload: some sent, not all yet.
        await page.WaitForFunctionAsync(
            """
            ([final]) => {
              const sent = document.querySelector('[data-testid="run-sent"]');
              const status = document.querySelector('[data-testid="run-status"]');
              if (!sent || !status) return false;
              const n = parseInt(sent.textContent.replace(/[^0-9]/g, ''), 10);
              return status.textContent.trim() === 'Running' && n > 0 && n < final;
            }
            """,
            new object[] { new[] { expected["sent"] } },
            new() { Timeout = 60_000 });
        await ConsoleFixture.AssertAccessibleAsync(page);

        // Over, every message reported: the page, never reloaded, ends on the API's answer.
        var run = await SendingSiloFixture.EventuallyAsync(
            async () => await (await console.Api.GetAsync($"/api/stores/{store}/workflows/weekly/runs/weekly-1")).ReadJsonAsync(),
            r => r.GetProperty("status").GetString() == "completed"
                && r.GetProperty("delivered").GetInt64() + r.GetProperty("undelivered").GetInt64() >= r.GetProperty("sent").GetInt64() + r.GetProperty("queued").GetInt64(),
            "the newsletter to complete with every report in", seconds: 120);
        Assert.Equal(contacts, run.GetProperty("contacts").GetInt64());
        // Each contact that may be sent to was sent to (or queued, when the rate's backlog was full).
        Assert.Equal(expected["sent"], run.GetProperty("sent").GetInt64() + run.GetProperty("queued").GetInt64());
        foreach (var reason in new[] { "bounced", "paused", "notSubscribed", "noPhone" })
        {
            Assert.Equal(expected[reason], run.GetProperty("skipped").GetProperty(reason).GetInt64());
        }

        await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Completed", new() { Timeout = 30_000 });
        var shown = 0;
        foreach (var property in run.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number && !NotCounters.Contains(p.Name)))
        {
            await Expect(page.GetByTestId("run-" + property.Name)).ToHaveTextAsync(Number(property.Value.GetInt64()), new() { Timeout = 30_000 });
            shown++;
        }

        Assert.True(shown >= 7, $"only {shown} counters compared");
        foreach (var reason in run.GetProperty("skipped").EnumerateObject())
        {
            await Expect(page.GetByTestId("skipped-" + reason.Name)).ToHaveTextAsync(Number(reason.Value.GetInt64()));
        }

        await Expect(page.GetByText("Updating live")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Progressbar)).ToHaveAttributeAsync("aria-valuenow", "100");

        var narrow = await console.NewPageAsync(390);
        await ConsoleFixture.SignInAsync(narrow, SiloFactory.AllStoresKey);
        await Expect(narrow).ToHaveURLAsync(new Regex("/console/stores$"));
        await narrow.GotoAsync($"/console/stores/{store}/workflows/weekly/runs/weekly-1");
        await Expect(narrow.GetByTestId("run-sent")).ToHaveTextAsync(Number(run.GetProperty("sent").GetInt64()));
        await ConsoleFixture.AssertAccessibleAsync(narrow);
    }

    [Fact]
    public async Task An_event_run_shows_its_path_node_by_node()
    {
        var store = Ids.Store();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms-channel", new { provider = "instasent", apiToken = "tok-" + store, defaultCountry = "ES" })).ReadJsonAsync();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/contacts/ana", new { _mobilePhone = TestPhones.Next(), _smsSubscriptionStatus = "subscribed" })).ReadJsonAsync();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms/confirm", new { name = "Confirm", text = "Gracias por tu pedido" })).ReadJsonAsync();
        await (await console.Api.PutRawJsonAsync($"/api/stores/{store}/workflows/follow-up", """
            {"name":"Follow-up","trigger":{"type":"event","eventType":"purchase"},"start":"confirm","nodes":[
              {"id":"confirm","type":"sendSms","smsId":"confirm","recipient":{"type":"contact"},"kind":"transactional","senderName":"MyShop","variables":{},"next":"tag"},
              {"id":"tag","type":"updateContact","set":{"stage":"bought"},"next":"check"},
              {"id":"check","type":"smsReceived","smsId":"confirm","kind":"any","count":{"op":">=","value":1},"window":{"last":"P1D"},"yes":null,"no":null}]}
            """)).ReadJsonAsync();
        await (await console.Api.PostAsync($"/api/stores/{store}/workflows/follow-up/activate", null)).ReadJsonAsync();
        var accepted = await (await console.Api.PostRawJsonAsync($"/api/stores/{store}/events", """{"type":"purchase","contactId":"ana"}""")).ReadJsonAsync(HttpStatusCode.Accepted);
        var runId = Assert.Single(accepted.GetProperty("runs").EnumerateArray()).GetProperty("runId").GetString()!;
        var run = await SendingSiloFixture.EventuallyAsync(
            async () => await (await console.Api.GetAsync($"/api/stores/{store}/workflows/follow-up/runs/{runId}")).ReadJsonAsync(),
            r => r.GetProperty("status").GetString() is "completed" or "failed", "the run to finish");
        Assert.Equal("completed", run.GetProperty("status").GetString());

        var page = await SignedInAsync();
        await page.GotoAsync($"/console/stores/{store}/workflows/follow-up/runs/{runId}");
        await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Completed");
        var rows = page.GetByTestId("run-path").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.Nth(0)).ToContainTextAsync("confirm");
        await Expect(rows.Nth(0)).ToContainTextAsync("Send SMS");
        await Expect(rows.Nth(0)).ToContainTextAsync("Sent");
        await Expect(rows.Nth(1)).ToContainTextAsync("tag");
        await Expect(rows.Nth(1)).ToContainTextAsync("Update contact");
        await Expect(rows.Nth(1)).ToContainTextAsync("Updated");
        await Expect(rows.Nth(2)).ToContainTextAsync("check");
        await Expect(rows.Nth(2)).ToContainTextAsync("SMS Received");
        var path = run.GetProperty("path");
        for (var i = 0; i < path.GetArrayLength(); i++)
        {
            var step = path[i];
            await Expect(rows.Nth(i)).ToContainTextAsync(step.GetProperty("nodeId").GetString()!);
            await Expect(rows.Nth(i)).ToContainTextAsync(step.GetProperty("outcome").GetString()!, new() { IgnoreCase = true });
            await Expect(rows.Nth(i)).ToContainTextAsync(step.GetProperty("at").GetDateTimeOffset().ToUniversalTime().ToString("u"));
        }

        await ConsoleFixture.AssertAccessibleAsync(page);
        var narrow = await console.NewPageAsync(390);
        await ConsoleFixture.SignInAsync(narrow, SiloFactory.AllStoresKey);
        await Expect(narrow).ToHaveURLAsync(new Regex("/console/stores$"));
        await narrow.GotoAsync($"/console/stores/{store}/workflows/follow-up/runs/{runId}");
        await Expect(narrow.GetByTestId("run-status")).ToHaveTextAsync("Completed");
        await ConsoleFixture.AssertAccessibleAsync(narrow);
    }
}
