using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrleansSms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansSms.Tests.Console;

/// <summary>The store's webhooks: registered, listed, their secret rotated after a confirmation and shown only then.</summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Browser")]
public sealed class WebhooksPageTests(ConsoleFixture console)
{
    private async Task<(string Store, IPage Page)> OpenAsync(int width = 1280)
    {
        var store = Ids.Store();
        var page = await console.NewPageAsync(width);
        await ConsoleFixture.SignInAsync(page, SiloFactory.AllStoresKey);
        await Expect(page).ToHaveURLAsync(new Regex("/console/stores$"));
        await page.GotoAsync($"/console/stores/{store}/settings/webhooks");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Webhooks", Exact = true })).ToBeVisibleAsync();
        return (store, page);
    }

    [Fact]
    public async Task A_webhook_is_registered_listed_and_rotated_with_confirmation_and_its_secret_never_shows_again()
    {
        var (store, page) = await OpenAsync();
        await ConsoleFixture.AssertAccessibleAsync(page);
        await page.GetByLabel("Webhook id").FillAsync("orders");
        await page.GetByLabel("URL", new() { Exact = true }).FillAsync("http://127.0.0.1:9/hooks/orders");
        await page.GetByLabel("message.sent").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();

        var shown = page.GetByLabel("Signing secret");
        await Expect(shown).ToHaveValueAsync(new Regex(".{16,}"));
        var secret = await shown.InputValueAsync();
        var row = page.GetByTestId("webhooks").Locator("tbody tr").Filter(new() { HasText = "orders" });
        await Expect(row).ToContainTextAsync("http://127.0.0.1:9/hooks/orders");
        await Expect(row).ToContainTextAsync("message.sent, message.delivered, message.undelivered");
        await ConsoleFixture.AssertAccessibleAsync(page);

        var listed = await (await console.Api.GetAsync($"/api/stores/{store}/webhooks")).ReadJsonAsync();
        var webhook = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal("orders", webhook.GetProperty("webhookId").GetString());
        Assert.Equal(["message.sent", "message.delivered", "message.undelivered"], webhook.GetProperty("events").EnumerateArray().Select(e => e.GetString()));

        // A later load lists it, and its secret is nowhere on the page.
        await page.ReloadAsync();
        await Expect(row).ToContainTextAsync("orders");
        await Expect(page.GetByLabel("Signing secret")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);

        // Rotating asks first: cancelled, nothing changes.
        await row.GetByRole(AriaRole.Button, new() { Name = "Rotate secret" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Rotate the secret of orders?");
        await ConsoleFixture.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("Signing secret")).ToHaveCountAsync(0);

        // Confirmed: a new secret, shown this once.
        await row.GetByRole(AriaRole.Button, new() { Name = "Rotate secret" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Rotate" }).ClickAsync();
        await Expect(page.GetByLabel("Signing secret")).ToHaveValueAsync(new Regex(".{16,}"));
        var rotated = await page.GetByLabel("Signing secret").InputValueAsync();
        Assert.NotEqual(secret, rotated);

        await page.ReloadAsync();
        await Expect(row).ToContainTextAsync("orders");
        await Expect(page.GetByLabel("Signing secret")).ToHaveCountAsync(0);
        var html = await page.ContentAsync();
        Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
        Assert.DoesNotContain(rotated, html, StringComparison.Ordinal);

        // Its deliveries (none yet).
        await row.GetByRole(AriaRole.Button, new() { Name = "Deliveries" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Recent deliveries of orders" })).ToBeVisibleAsync();
        await ConsoleFixture.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task A_bad_url_shows_the_API_message_next_to_the_field_and_registers_nothing()
    {
        var (store, page) = await OpenAsync(390);
        await page.GetByLabel("Webhook id").FillAsync("bad");
        await page.GetByLabel("URL", new() { Exact = true }).FillAsync("ftp://example.com/hook");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();

        var problem = await (await console.Api.PutJsonAsync($"/api/stores/{store}/webhooks/bad", new { url = "ftp://example.com/hook", events = new[] { "message.delivered" } }))
            .ReadJsonAsync(HttpStatusCode.BadRequest);
        await Expect(page.GetByText(problem.GetProperty("errors").GetProperty("url")[0].GetString()!)).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Signing secret")).ToHaveCountAsync(0);
        await ConsoleFixture.AssertAccessibleAsync(page);
        var listed = await (await console.Api.GetAsync($"/api/stores/{store}/webhooks")).ReadJsonAsync();
        Assert.Empty(listed.GetProperty("items").EnumerateArray());
    }
}
