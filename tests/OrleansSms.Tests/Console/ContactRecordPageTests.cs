using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrleansSms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansSms.Tests.Console;

/// <summary>A contact's record: its fields and statuses edited and saved, a bad phone refused in place, its SMS history.</summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ContactRecordPageTests(ConsoleFixture console)
{
    private async Task<(string Store, IPage Page)> OpenAsync(string contactId, string phone)
    {
        var store = Ids.Store();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms-channel", new { provider = "instasent", apiToken = "tok-" + store, defaultCountry = "ES" })).ReadJsonAsync();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/contacts/{contactId}", new
        {
            _mobilePhone = phone, _smsSubscriptionStatus = "subscribed", fields = new { firstName = "Ana", orders = 3 },
        })).ReadJsonAsync();
        var page = await console.NewPageAsync();
        await ConsoleFixture.SignInAsync(page, SiloFactory.AllStoresKey);
        await Expect(page).ToHaveURLAsync(new Regex("/console/stores$"));
        await page.GotoAsync($"/console/stores/{store}/contacts/{contactId}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Contact {contactId}" })).ToBeVisibleAsync();
        return (store, page);
    }

    [Fact]
    public async Task Changing_the_subscription_status_is_saved_and_still_there_after_a_reload()
    {
        var phone = TestPhones.Next();
        var (store, page) = await OpenAsync("ana", phone);
        await Expect(page.GetByLabel("Mobile Phone", new() { Exact = true })).ToHaveValueAsync(phone);
        await ConsoleFixture.AssertAccessibleAsync(page);

        await page.GetByLabel("SMS Subscription Status").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Not subscribed" }).ClickAsync();
        await Expect(page.GetByLabel("SMS Subscription Status")).ToContainTextAsync("Not subscribed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Saved.")).ToBeVisibleAsync();

        var contact = await (await console.Api.GetAsync($"/api/stores/{store}/contacts/ana")).ReadJsonAsync();
        Assert.Equal("notSubscribed", contact.GetProperty("_smsSubscriptionStatus").GetString());
        Assert.Equal(3, contact.GetProperty("fields").GetProperty("orders").GetInt32());

        await page.ReloadAsync();
        await Expect(page.GetByLabel("SMS Subscription Status")).ToContainTextAsync("Not subscribed");
    }

    [Fact]
    public async Task A_bad_phone_shows_the_field_error_and_changes_nothing()
    {
        var phone = TestPhones.Next();
        var (store, page) = await OpenAsync("ben", phone);

        await page.GetByLabel("Mobile Phone", new() { Exact = true }).FillAsync("12ab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();

        var problem = await (await console.Api.PutJsonAsync($"/api/stores/{store}/contacts/ben", new { _mobilePhone = "12ab" })).ReadJsonAsync(System.Net.HttpStatusCode.BadRequest);
        await Expect(page.GetByText(problem.GetProperty("errors").GetProperty("_mobilePhone")[0].GetString()!)).ToBeVisibleAsync();
        await ConsoleFixture.AssertAccessibleAsync(page);
        var contact = await (await console.Api.GetAsync($"/api/stores/{store}/contacts/ben")).ReadJsonAsync();
        Assert.Equal(phone, contact.GetProperty("_mobilePhone").GetString());
    }

    [Fact]
    public async Task The_SMS_history_shows_what_was_sent()
    {
        var phone = TestPhones.Next();
        var store = Ids.Store();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms-channel", new { provider = "instasent", apiToken = "tok-" + store, defaultCountry = "ES" })).ReadJsonAsync();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/contacts/cai", new { _mobilePhone = phone, _smsSubscriptionStatus = "subscribed" })).ReadJsonAsync();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms/hello", new { name = "Hello", text = "Hola" })).ReadJsonAsync();
        await (await console.Api.PostAsJsonAsync($"/api/stores/{store}/contacts/cai/sms", new { smsId = "hello", senderName = "MyShop" })).ReadJsonAsync();

        var page = await console.NewPageAsync();
        await ConsoleFixture.SignInAsync(page, SiloFactory.AllStoresKey);
        await Expect(page).ToHaveURLAsync(new Regex("/console/stores$"));
        await page.GotoAsync($"/console/stores/{store}/contacts/cai");
        var row = page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Row).Filter(new() { HasText = "hello" });
        await Expect(row).ToContainTextAsync("Outbound");
        await Expect(row).ToContainTextAsync(new Regex("sent|pending|delivered"));
        await ConsoleFixture.AssertAccessibleAsync(page);
    }
}
