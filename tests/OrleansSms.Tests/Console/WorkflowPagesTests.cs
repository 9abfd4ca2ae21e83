using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrleansSms.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansSms.Tests.Console;

/// <summary>
/// The workflows pages: the seed's workflow built in the browser, saved, activated and run by an
/// event; the API's problems shown by their node, nothing saved; the list; another store's
/// workflow not found.
/// </summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Browser")]
public sealed class WorkflowPagesTests(ConsoleFixture console)
{
    private async Task<string> StoreAsync()
    {
        var store = Ids.Store();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms-channel", new { provider = "instasent", apiToken = "tok-" + store, defaultCountry = "ES" })).ReadJsonAsync();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms/order-confirmation", new { name = "Order confirmation", text = "Hola {{firstName}}, pedido {{orderId}}" })).ReadJsonAsync();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/sms/ops-alert", new { name = "Ops alert", text = "Un pedido sin confirmar" })).ReadJsonAsync();
        return store;
    }

    private async Task<IPage> SignedInAsync(int width = 1280)
    {
        var page = await console.NewPageAsync(width);
        await ConsoleFixture.SignInAsync(page, SiloFactory.AllStoresKey);
        await Expect(page).ToHaveURLAsync(new Regex("/console/stores$"));
        return page;
    }

    private static ILocator Node(IPage page, string type, string id) =>
        page.GetByRole(AriaRole.Region, new() { Name = $"{type} {id}", Exact = true });

    /// <summary>Opens a MudSelect by its label inside <paramref name="scope"/> and picks an option.</summary>
    private static async Task ChooseAsync(IPage page, ILocator scope, string label, string option)
    {
        await scope.GetByLabel(label, new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
        await Expect(scope.GetByLabel(label, new() { Exact = true })).ToContainTextAsync(option);
    }

    private async Task<JsonElement> RunAsync(string store, string workflowId, string runId, Func<JsonElement, bool> done, string what) =>
        await SendingSiloFixture.EventuallyAsync(
            async () => await (await console.Api.GetAsync($"/api/stores/{store}/workflows/{workflowId}/runs/{runId}")).ReadJsonAsync(),
            done, what);

    [Fact]
    public async Task The_seed_workflow_is_built_in_the_browser_saved_activated_and_an_event_runs_it()
    {
        var store = await StoreAsync();
        var (phone, alertPhone) = (TestPhones.Next(), TestPhones.Next());
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/contacts/ana", new { _mobilePhone = phone })).ReadJsonAsync();
        var page = await SignedInAsync();

        await page.GotoAsync($"/console/stores/{store}/workflows");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Workflows", Exact = true })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New workflow" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Workflow id").FillAsync("follow-up");
        await dialog.GetByLabel("Name", new() { Exact = true }).FillAsync("Order follow-up");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/console/stores/{store}/workflows/follow-up"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Workflow follow-up" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Order follow-up");
        await page.GetByLabel("Event type").FillAsync("purchase");

        // Send SMS to the contact: its content's variables offered, one from the contact with a fallback, one from the event.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add Send SMS" }).ClickAsync();
        var confirm = Node(page, "Send SMS", "send");
        await ChooseAsync(page, confirm, "SMS content", "Order confirmation (order-confirmation)");
        var firstName = confirm.GetByRole(AriaRole.Group, new() { Name = "Variable firstName" });
        var orderId = confirm.GetByRole(AriaRole.Group, new() { Name = "Variable orderId" });
        await Expect(firstName.GetByLabel("Contact field")).ToHaveValueAsync("firstName");
        await firstName.GetByLabel("Fallback").FillAsync("cliente");
        await orderId.GetByRole(AriaRole.Radio, new() { Name = "From the event" }).CheckAsync();
        await Expect(orderId.GetByLabel("Event property", new() { Exact = true })).ToHaveValueAsync("orderId");

        // A 12-character sender name is refused as it is typed, next to the field.
        var sender = confirm.GetByLabel("Sender name");
        await sender.FillAsync("MyShopSpain1");
        await Expect(confirm.GetByText("'MyShopSpain1' must be 1-11 letters, digits or spaces")).ToBeVisibleAsync();
        await sender.FillAsync("MyShop");
        await Expect(confirm.GetByText("must be 1-11 letters")).ToHaveCountAsync(0);

        // Wait (one hour, as it comes), then SMS Received: the confirmation, >= 1, in the last day.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add Wait" }).ClickAsync();
        await Expect(Node(page, "Wait", "wait").GetByLabel("Wait for")).ToHaveValueAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add SMS Received" }).ClickAsync();
        var check = Node(page, "SMS Received", "check");
        await ChooseAsync(page, check, "SMS content", "Order confirmation (order-confirmation)");
        await Expect(check.GetByLabel("Operator", new() { Exact = true })).ToContainTextAsync(">=");
        await Expect(check.GetByLabel("Times")).ToHaveValueAsync("1");
        await Expect(check.GetByLabel("Last", new() { Exact = true })).ToHaveValueAsync("1");
        await Expect(check.GetByLabel("Unit", new() { Exact = true })).ToContainTextAsync("Days");

        // On "no", an alert to a fixed number.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add Send SMS" }).ClickAsync();
        var alert = Node(page, "Send SMS", "send-2");
        await ChooseAsync(page, alert, "SMS content", "Ops alert (ops-alert)");
        await alert.GetByRole(AriaRole.Radio, new() { Name = "An alert number" }).CheckAsync();
        await alert.GetByLabel("Alert phone").FillAsync(alertPhone);
        await alert.GetByLabel("Sender name").FillAsync("MyShop");
        await ChooseAsync(page, check, "No", "send-2 (Send SMS)");

        // The diagram draws the four nodes and the check's two branches.
        var diagram = page.GetByRole(AriaRole.Img, new() { Name = "Workflow diagram" });
        await Expect(diagram.Locator(".diagram-node")).ToHaveCountAsync(4);
        foreach (var id in new[] { "send", "wait", "check", "send-2" })
        {
            await Expect(diagram.Locator(".diagram-node text", new() { HasTextRegex = new Regex($"^{Regex.Escape(id)}$") })).ToHaveCountAsync(1);
        }

        await Expect(diagram.Locator(".diagram-branch")).ToHaveTextAsync(["yes", "no"]);
        await Expect(diagram.Locator("desc")).ToContainTextAsync("'check' (SMS Received: order-confirmation >= 1, last 1 day): yes leads to the end of the run; no leads to 'send-2'.");
        await ConsoleFixture.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Saved as version 1.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Activate" }).ClickAsync();
        await Expect(page.GetByText("Active on version 1.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Deactivate" })).ToBeVisibleAsync();

        var saved = await (await console.Api.GetAsync($"/api/stores/{store}/workflows/follow-up")).ReadJsonAsync();
        Assert.True(saved.GetProperty("active").GetBoolean());
        var nodes = saved.GetProperty("definition").GetProperty("nodes");
        Assert.Equal("cliente", nodes[0].GetProperty("variables").GetProperty("firstName").GetProperty("fallback").GetString());
        Assert.Equal("send-2", nodes[2].GetProperty("no").GetString());

        // An event through the API runs it: the contact gets the rendered text, the run waits at the Wait.
        var accepted = await (await console.Api.PostRawJsonAsync($"/api/stores/{store}/events",
            """{"type":"purchase","contactId":"ana","properties":{"orderId":"A1"}}""")).ReadJsonAsync(HttpStatusCode.Accepted);
        var runId = Assert.Single(accepted.GetProperty("runs").EnumerateArray()).GetProperty("runId").GetString()!;
        var run = await RunAsync(store, "follow-up", runId, r => r.GetProperty("path").GetArrayLength() >= 2, "the run to reach the wait");
        Assert.Equal(
            [("send", "sendSms", "sent"), ("wait", "wait", "waiting")],
            run.GetProperty("path").EnumerateArray().Select(s => (s.GetProperty("nodeId").GetString(), s.GetProperty("nodeType").GetString(), s.GetProperty("outcome").GetString())));
        Assert.Equal("Hola cliente, pedido A1", Assert.Single(await console.SimulatorMessagesAsync(phone)).GetProperty("text").GetString());

        // The runs list links to the run's page.
        await page.GetByRole(AriaRole.Button, new() { Name = "Refresh runs" }).ClickAsync();
        var link = page.GetByRole(AriaRole.Table, new() { Name = "Runs" }).GetByRole(AriaRole.Link, new() { Name = runId });
        await Expect(link).ToHaveAttributeAsync("href", $"/console/stores/{store}/workflows/follow-up/runs/{runId}");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Runs" })).ToContainTextAsync("contact ana");
    }

    [Fact]
    public async Task A_problem_the_API_finds_is_shown_at_its_node_and_field_and_nothing_is_saved()
    {
        var store = await StoreAsync();
        var page = await SignedInAsync();
        await page.GotoAsync($"/console/stores/{store}/workflows/bad?name=Bad");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Workflow bad" })).ToBeVisibleAsync();
        await page.GetByLabel("Event type").FillAsync("purchase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add Send SMS" }).ClickAsync();
        var send = Node(page, "Send SMS", "send");
        await ChooseAsync(page, send, "SMS content", "Ops alert (ops-alert)");
        await send.GetByRole(AriaRole.Radio, new() { Name = "An alert number" }).CheckAsync();
        await send.GetByLabel("Alert phone").FillAsync("600999000");
        await send.GetByLabel("Sender name").FillAsync("MyShop");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();

        var problem = await (await console.Api.PutRawJsonAsync($"/api/stores/{store}/workflows/bad", """
            {"name":"Bad","trigger":{"type":"event","eventType":"purchase"},"start":"send","nodes":[
              {"id":"send","type":"sendSms","smsId":"ops-alert","recipient":{"type":"alert","phone":"600999000"},"kind":"transactional","senderName":"MyShop","next":null}]}
            """)).AssertValidationProblemAsync("nodes[0].recipient.phone");
        var message = problem.GetProperty("errors").GetProperty("nodes[0].recipient.phone")[0].GetString()!;
        await Expect(send.GetByText(message)).ToBeVisibleAsync();
        await Expect(page.GetByText("The workflow has 1 problem(s), each shown where it is. Nothing was saved.")).ToBeVisibleAsync();
        await ConsoleFixture.AssertAccessibleAsync(page);
        Assert.Equal(HttpStatusCode.NotFound, (await console.Api.GetAsync($"/api/stores/{store}/workflows/bad")).StatusCode);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Activate" })).ToBeDisabledAsync();
    }

    [Fact]
    public async Task The_list_and_the_editor_of_a_saved_workflow_read_well_at_390_pixels()
    {
        var store = await StoreAsync();
        await (await console.Api.PutRawJsonAsync($"/api/stores/{store}/workflows/follow-up", """
            {"name":"Order follow-up","trigger":{"type":"event","eventType":"purchase"},"start":"confirm","nodes":[
              {"id":"confirm","type":"sendSms","smsId":"order-confirmation","recipient":{"type":"contact"},"kind":"transactional","senderName":"MyShop",
               "variables":{"firstName":{"from":"contact","field":"firstName","fallback":"there"},"orderId":{"from":"event","property":"orderId"}},"next":"wait"},
              {"id":"wait","type":"wait","duration":"PT1H","next":"check"},
              {"id":"check","type":"smsReceived","smsId":"order-confirmation","kind":"any","count":{"op":">=","value":1},"window":{"last":"P1D"},"yes":null,"no":"tag"},
              {"id":"tag","type":"updateContact","set":{"followUp":"missed"},"next":null}]}
            """)).ReadJsonAsync();
        await (await console.Api.PutRawJsonAsync($"/api/stores/{store}/workflows/weekly", """
            {"name":"Weekly","trigger":{"type":"newsletter"},"start":"send","nodes":[
              {"id":"send","type":"sendSms","smsId":"ops-alert","recipient":{"type":"contact"},"kind":"newsletter","senderName":"MyShop","next":null}]}
            """)).ReadJsonAsync();
        await (await console.Api.PostAsync($"/api/stores/{store}/workflows/weekly/activate", null)).ReadJsonAsync();
        var page = await SignedInAsync(390);

        await page.GotoAsync($"/console/stores/{store}/workflows");
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Workflows" });
        await Expect(table.GetByRole(AriaRole.Row)).ToHaveCountAsync(3);
        await Expect(table.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync(new Regex(@"follow-up\s*Order follow-up\s*Event 'purchase'\s*1\s*Inactive"));
        await Expect(table.GetByRole(AriaRole.Row).Nth(2)).ToContainTextAsync(new Regex(@"weekly\s*Weekly\s*Newsletter\s*1\s*Active"));
        await ConsoleFixture.AssertAccessibleAsync(page);

        await table.GetByRole(AriaRole.Link, new() { Name = "follow-up" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Workflow follow-up" })).ToBeVisibleAsync();
        await Expect(Node(page, "Send SMS", "confirm").GetByLabel("Sender name")).ToHaveValueAsync("MyShop");
        await Expect(Node(page, "Update contact", "tag").GetByLabel("Field", new() { Exact = true })).ToHaveValueAsync("followUp");
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Workflow diagram" }).Locator(".diagram-branch")).ToHaveTextAsync(["yes", "no"]);
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Versions" })).ToContainTextAsync("Version 1 (current)");
        await ConsoleFixture.AssertAccessibleAsync(page);

        // Saving again makes version 2; version 1 stays to be opened.
        await Node(page, "Send SMS", "confirm").GetByLabel("Sender name").FillAsync("MyShop2");
        await Expect(page.GetByText("unsaved changes")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Saved as version 2.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Open version 1" }).ClickAsync();
        await Expect(Node(page, "Send SMS", "confirm").GetByLabel("Sender name")).ToHaveValueAsync("MyShop");
        await Expect(page.GetByText("unsaved changes")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_newsletter_starts_now_or_at_a_time_saved_with_its_trigger_after_its_audience_is_shown()
    {
        var store = await StoreAsync();
        var (ana, ben) = (TestPhones.Next(), TestPhones.Next());
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/contacts/ana", new { _mobilePhone = ana, _smsSubscriptionStatus = "subscribed" })).ReadJsonAsync();
        await (await console.Api.PutJsonAsync($"/api/stores/{store}/contacts/ben", new { _mobilePhone = ben, _smsSubscriptionStatus = "notSubscribed" })).ReadJsonAsync();
        await (await console.Api.PutRawJsonAsync($"/api/stores/{store}/workflows/weekly", """
            {"name":"Weekly","trigger":{"type":"newsletter"},"start":"send","nodes":[
              {"id":"send","type":"sendSms","smsId":"ops-alert","recipient":{"type":"contact"},"kind":"newsletter","senderName":"MyShop","next":null}]}
            """)).ReadJsonAsync();
        var page = await SignedInAsync();
        await page.GotoAsync($"/console/stores/{store}/workflows/weekly");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Workflow weekly" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Start newsletter" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByRole(AriaRole.Heading, new() { Name = "Start newsletter weekly" })).ToBeVisibleAsync();
        await Expect(dialog.GetByText("The audience preview is not available")).ToBeVisibleAsync();
        await ConsoleFixture.AssertAccessibleAsync(page);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Start", Exact = true }).ClickAsync();

        var notice = page.GetByText(new Regex("^Newsletter started: run [0-9a-f]{32}\\.$"));
        await Expect(notice).ToBeVisibleAsync();
        var runId = Regex.Match(await notice.InnerTextAsync(), "run ([0-9a-f]{32})").Groups[1].Value;
        var run = await RunAsync(store, "weekly", runId, r => r.GetProperty("status").GetString() == "completed", "the newsletter to complete");
        Assert.Equal((2, 1, 1), (run.GetProperty("contacts").GetInt32(), run.GetProperty("sent").GetInt32(), run.GetProperty("skipped").GetProperty("notSubscribed").GetInt32()));
        Assert.Single(await console.SimulatorMessagesAsync(ana));
        Assert.Empty(await console.SimulatorMessagesAsync(ben));
        await page.GetByRole(AriaRole.Button, new() { Name = "Refresh runs" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Runs" }).GetByRole(AriaRole.Row, new() { Name = runId })).ToContainTextAsync("Newsletter");

        // At a time: saved as the trigger's start (the next version), the run scheduled for it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Start newsletter" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "At a date and time" }).CheckAsync();
        await dialog.GetByLabel("Start at (UTC)").FillAsync("2099-01-01T09:00");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Start", Exact = true }).ClickAsync();
        var scheduled = page.GetByText(new Regex("^Newsletter scheduled for 2099-01-01T09:00 UTC: run [0-9a-f]{32}\\.$"));
        await Expect(scheduled).ToBeVisibleAsync();
        var later = Regex.Match(await scheduled.InnerTextAsync(), "run ([0-9a-f]{32})").Groups[1].Value;
        var saved = await (await console.Api.GetAsync($"/api/stores/{store}/workflows/weekly")).ReadJsonAsync();
        Assert.Equal((2, "2099-01-01T09:00:00Z"), (saved.GetProperty("version").GetInt32(), saved.GetProperty("definition").GetProperty("trigger").GetProperty("at").GetString()));
        var pending = await (await console.Api.GetAsync($"/api/stores/{store}/workflows/weekly/runs/{later}")).ReadJsonAsync();
        Assert.Equal("scheduled", pending.GetProperty("status").GetString());
        await (await console.Api.PostAsync($"/api/stores/{store}/workflows/weekly/runs/{later}/cancel", null)).ReadJsonAsync();
    }

    [Fact]
    public async Task A_store_key_opening_another_stores_workflow_sees_not_found()
    {
        var other = await StoreAsync();
        await (await console.Api.PutRawJsonAsync($"/api/stores/{other}/workflows/secret-flow", """
            {"name":"Secret flow","trigger":{"type":"manual"},"start":"send","nodes":[
              {"id":"send","type":"sendSms","smsId":"ops-alert","recipient":{"type":"contact"},"kind":"transactional","senderName":"MyShop","next":null}]}
            """)).ReadJsonAsync();
        var page = await console.NewPageAsync();
        await ConsoleFixture.SignInAsync(page, SiloFactory.StoreKey);
        await Expect(page).ToHaveURLAsync(new Regex($"/console/stores/{SiloFactory.StoreKeyStore}$"));

        foreach (var path in new[] { $"/console/stores/{other}/workflows/secret-flow", $"/console/stores/{other}/workflows" })
        {
            await page.GotoAsync(path);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
            await Expect(page.GetByText("Secret flow")).ToHaveCountAsync(0);
            await Expect(page.GetByText("secret-flow")).ToHaveCountAsync(0);
        }

        // Its own store's workflows open.
        await page.GotoAsync($"/console/stores/{SiloFactory.StoreKeyStore}/workflows");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Workflows", Exact = true })).ToBeVisibleAsync();
    }
}
