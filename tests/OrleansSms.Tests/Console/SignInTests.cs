using System.Net;
using Microsoft.Playwright;
using OrleansSms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansSms.Tests.Console;

/// <summary>Signing in and out of the console with an API key, and what each key may see.</summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SignInTests(ConsoleFixture console)
{
    [Fact]
    public async Task A_wrong_key_is_refused_with_a_message_and_no_store_page_opens()
    {
        var page = await console.NewPageAsync();
        await ConsoleFixture.SignInAsync(page, "not-a-key-of-this-silo");

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That API key is not valid.");
        await ConsoleFixture.AssertAccessibleAsync(page);
        await page.GotoAsync($"/console/stores/{Ids.Store()}/settings/sms");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/login"));
    }

    [Fact]
    public async Task No_page_opens_without_signing_in()
    {
        var page = await console.NewPageAsync();
        foreach (var path in new[] { "/console", "/console/stores", $"/console/stores/{Ids.Store()}", $"/console/stores/{Ids.Store()}/settings/sms" })
        {
            await page.GotoAsync(path);
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/login"));
            await Expect(page.GetByLabel("API key")).ToBeVisibleAsync();
        }
    }

    [Fact]
    public async Task An_all_stores_key_lands_on_the_stores_and_signs_out()
    {
        var page = await console.NewPageAsync();
        await ConsoleFixture.SignInAsync(page, SiloFactory.AllStoresKey);

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/stores$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Stores" })).ToBeVisibleAsync();
        await ConsoleFixture.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/login$"));
        await page.GotoAsync("/console/stores");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/login"));
    }

    [Fact]
    public async Task A_store_key_lands_on_its_store_and_finds_another_store_not_found()
    {
        var page = await console.NewPageAsync();
        await ConsoleFixture.SignInAsync(page, SiloFactory.StoreKey);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/console/stores/{SiloFactory.StoreKeyStore}$"));

        var other = Ids.Store();
        await (await console.Api.PutJsonAsync($"/api/stores/{other}/sms-channel", new { provider = "instasent", apiToken = "tok-" + other })).ReadJsonAsync();
        foreach (var path in new[] { $"/console/stores/{other}", $"/console/stores/{other}/settings/sms" })
        {
            await page.GotoAsync(path);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
            await Expect(page.GetByText("tok-")).ToHaveCountAsync(0);
        }

        // The list of stores is not for a store key either.
        await page.GotoAsync("/console/stores");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/console/stores/{SiloFactory.StoreKeyStore}$"));
    }

    [Fact]
    public async Task Form_posts_without_the_antiforgery_token_are_refused()
    {
        using var http = new HttpClient { BaseAddress = new Uri(console.BaseUrl) };
        var signIn = await http.PostAsync("/console/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in", ["ApiKey"] = SiloFactory.AllStoresKey,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.DoesNotContain(signIn.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("orleanssms-console", StringComparison.Ordinal)));

        var signOut = await http.PostAsync("/console/logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
    }
}
