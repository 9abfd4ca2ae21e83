using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrleansSms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansSms.Tests.Console;

/// <summary>The store's alerts and audit trail, newest first; and a store key finding another store's pages not found.</summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AlertsAndAuditPageTests(ConsoleFixture console)
{
    private async Task<string> StoreAsync()
    {
        var store = Ids.Store();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms-channel", new { provider = "instasent", apiToken = "tok-" + store, defaultCountry = "ES" })).ReadJsonAsync();
        return store;
    }

    private async Task<IPage> SignedInAsync(int width = 1280, string key = SiloFactory.AllStoresKey)
    {
        var page = await console.NewPageAsync(width);
        await ConsoleFixture.SignInAsync(page, key);
        await Expect(page).ToHaveURLAsync(new Regex("/console/stores"));
        return page;
    }

    [Fact]
    public async Task Alerts_are_listed_newest_first()
    {
        var store = await StoreAsync();
        var (first, second) = (TestPhones.Next(), TestPhones.Next());
        await (await console.Api.PostAsJsonAsync($"/api/stores/{store}/alerts", new { to = first, text = "Stock bajo", senderName = "Ops" })).ReadJsonAsync();
        await (await console.Api.PostAsJsonAsync($"/api/stores/{store}/alerts", new { to = second, text = "Pedido grande", senderName = "Ops" })).ReadJsonAsync();

        foreach (var width in new[] { 1280, 390 })
        {
            var page = await SignedInAsync(width);
            await page.GotoAsync($"/console/stores/{store}/alerts");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Alerts" })).ToBeVisibleAsync();
            var rows = page.GetByTestId("alerts").Locator("tbody tr");
            await Expect(rows).ToHaveCountAsync(2);
            await Expect(rows.Nth(0)).ToContainTextAsync(second);
            await Expect(rows.Nth(1)).ToContainTextAsync(first);
            await ConsoleFixture.AssertAccessibleAsync(page);
        }

        // The nav menu has the store's new pages.
        var menu = await SignedInAsync();
        await menu.GotoAsync($"/console/stores/{store}/alerts");
        foreach (var link in new[] { "Alerts", "Webhooks", "Audit trail" })
        {
            await Expect(menu.GetByRole(AriaRole.Link, new() { Name = link, Exact = true })).ToBeVisibleAsync();
        }

        await menu.GetByRole(AriaRole.Link, new() { Name = "Audit trail", Exact = true }).ClickAsync();
        await Expect(menu).ToHaveURLAsync(new Regex($"/console/stores/{store}/audit$"));
    }

    [Fact]
    public async Task The_audit_trail_shows_who_did_what_newest_first()
    {
        var store = await StoreAsync();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms/promo", new { name = "Promo", text = "Rebajas" })).ReadJsonAsync();
        var trail = await (await console.Api.GetAsync($"/api/stores/{store}/audit")).ReadJsonAsync();
        Assert.Equal(2, trail.GetProperty("items").GetArrayLength());

        foreach (var width in new[] { 1280, 390 })
        {
            var page = await SignedInAsync(width);
            await page.GotoAsync($"/console/stores/{store}/audit");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit trail" })).ToBeVisibleAsync();
            var rows = page.GetByTestId("audit-trail").Locator("tbody tr");
            await Expect(rows).ToHaveCountAsync(2);
            await Expect(rows.Nth(0)).ToContainTextAsync("Content saved");
            await Expect(rows.Nth(0)).ToContainTextAsync("sms/promo");
            await Expect(rows.Nth(1)).ToContainTextAsync("Channel connected");
            await Expect(rows.Nth(1)).ToContainTextAsync(SiloFactory.AllStoresKeyName);
            await ConsoleFixture.AssertAccessibleAsync(page);
        }
    }

    [Fact]
    public async Task A_store_key_finds_another_stores_run_alerts_webhooks_and_audit_not_found()
    {
        var other = await StoreAsync();
        var phone = TestPhones.Next();
        await (await console.Api.PutJsonAsync($"/api/stores/{other}/contacts/ana", new { _mobilePhone = phone, _smsSubscriptionStatus = "subscribed" })).ReadJsonAsync();
        await (await console.Api.PostAsJsonAsync($"/api/stores/{other}/alerts", new { to = phone, text = "Secreto de otra tienda", senderName = "Ops" })).ReadJsonAsync();
        await (await console.Api.PutJsonAsync($"/api/stores/{other}/webhooks/theirs", new { url = "http://127.0.0.1:9/theirs", events = new[] { "message.sent" } })).ReadJsonAsync();
        await (await console.Api.PutRawJsonAsync($"/api/stores/{other}/workflows/mark", """
            {"name":"Mark","trigger":{"type":"manual"},"start":"mark","nodes":[{"id":"mark","type":"updateContact","set":{"seen":true},"next":null}]}
            """)).ReadJsonAsync();
        var started = await (await console.Api.PostAsJsonAsync($"/api/stores/{other}/workflows/mark/runs", new { contactId = "ana" })).ReadJsonAsync(HttpStatusCode.Accepted);
        var runId = started.GetProperty("runId").GetString()!;
        await SendingSiloFixture.EventuallyAsync(
            async () => await (await console.Api.GetAsync($"/api/stores/{other}/workflows/mark/runs/{runId}")).ReadJsonAsync(),
            r => r.GetProperty("status").GetString() == "completed", "the run to complete");

        var page = await SignedInAsync(key: SiloFactory.StoreKey);
        await Expect(page).ToHaveURLAsync(new Regex($"/console/stores/{SiloFactory.StoreKeyStore}$"));
        foreach (var path in new[]
        {
            $"/console/stores/{other}/workflows/mark/runs/{runId}", $"/console/stores/{other}/alerts",
            $"/console/stores/{other}/settings/webhooks", $"/console/stores/{other}/audit", $"/console/stores/{other}",
        })
        {
            await page.GotoAsync(path);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
            var html = await page.ContentAsync();
            Assert.DoesNotContain(phone, html, StringComparison.Ordinal);
            Assert.DoesNotContain("127.0.0.1:9/theirs", html, StringComparison.Ordinal);
            Assert.DoesNotContain(SiloFactory.AllStoresKeyName, html, StringComparison.Ordinal);
            Assert.DoesNotContain("run-path", html, StringComparison.Ordinal);
        }

        // The same pages of its own store open.
        await page.GotoAsync($"/console/stores/{SiloFactory.StoreKeyStore}/audit");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit trail" })).ToBeVisibleAsync();
        // A run id of its own store's that does not exist is not found either.
        await page.GotoAsync($"/console/stores/{SiloFactory.StoreKeyStore}/workflows/mark/runs/{runId}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
    }
}
