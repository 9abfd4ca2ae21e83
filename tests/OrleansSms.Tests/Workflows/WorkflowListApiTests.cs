using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Workflows;

/// <summary>
/// <c>GET …/workflows</c>, <c>…/workflows/{workflowId}/versions/{version}</c> and
/// <c>…/workflows/{workflowId}/runs</c>: each a page at a time, in its stated order.
/// </summary>
[Collection(MemorySiloCollection.Name)]
public sealed class WorkflowListApiTests(MemorySiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    private const string WaitThenMark = """
        "start":"first","nodes":[
          {"id":"first","type":"wait","duration":"PT1H","next":"mark"},
          {"id":"mark","type":"updateContact","set":{"seen":true},"next":null}]
        """;

    private async Task SaveAsync(string store, string workflowId, string name, string trigger) =>
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/{workflowId}",
            $$"""{"name":"{{name}}","trigger":{{trigger}},{{WaitThenMark}}}""")).ReadJsonAsync();

    [Fact]
    public async Task A_walk_by_pages_meets_each_workflow_once_in_id_order_with_its_version_trigger_and_state()
    {
        var store = Ids.Store();
        await SaveAsync(store, "orders", "Orders", """{"type":"event","eventType":"purchase"}""");
        await SaveAsync(store, "weekly", "Weekly", """{"type":"newsletter"}""");
        await SaveAsync(store, "by-hand", "By hand", """{"type":"manual"}""");
        await SaveAsync(store, "Abandoned", "Abandoned", """{"type":"event","eventType":"cartAbandoned"}""");
        await SaveAsync(store, "orders", "Orders v2", """{"type":"event","eventType":"purchase"}""");
        await (await _client.PostAsync($"/api/stores/{store}/workflows/orders/activate", null)).ReadJsonAsync();

        var (items, pages) = await ListPages.WalkAsync(_client, $"/api/stores/{store}/workflows", limit: 2);

        Assert.Equal(["Abandoned", "by-hand", "orders", "weekly"], items.Strings("workflowId"));
        Assert.Equal(2, pages);
        var orders = items.Single(i => i.GetProperty("workflowId").GetString() == "orders");
        Assert.Equal("Orders v2", orders.GetProperty("name").GetString());
        Assert.Equal(2, orders.GetProperty("version").GetInt32());
        Assert.True(orders.GetProperty("active").GetBoolean());
        Assert.Equal("event", orders.GetProperty("trigger").GetString());
        Assert.Equal("purchase", orders.GetProperty("eventType").GetString());
        Assert.False(orders.TryGetProperty("definition", out _));
        var weekly = items.Single(i => i.GetProperty("workflowId").GetString() == "weekly");
        Assert.Equal("newsletter", weekly.GetProperty("trigger").GetString());
        Assert.False(weekly.GetProperty("active").GetBoolean());
        Assert.Equal(1, weekly.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_refused_definition_lists_nothing()
    {
        var store = Ids.Store();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/broken",
            """{"name":"Broken","trigger":{"type":"manual"},"start":"nowhere","nodes":[]}""")).AssertProblemAsync(HttpStatusCode.BadRequest);

        var page = await ListPages.FirstAsync(_client, $"/api/stores/{store}/workflows");
        Assert.Empty(page.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Each_saved_version_reads_back_as_saved_and_any_other_is_404()
    {
        var store = Ids.Store();
        await SaveAsync(store, "w", "First", """{"type":"manual"}""");
        await SaveAsync(store, "w", "Second", """{"type":"manual"}""");

        var first = await ListPages.FirstAsync(_client, $"/api/stores/{store}/workflows/w/versions/1");
        var second = await ListPages.FirstAsync(_client, $"/api/stores/{store}/workflows/w/versions/2");

        Assert.Equal(1, first.GetProperty("version").GetInt32());
        Assert.Equal("w", first.GetProperty("workflowId").GetString());
        Assert.Equal("First", first.GetProperty("definition").GetProperty("name").GetString());
        Assert.Equal("Second", second.GetProperty("definition").GetProperty("name").GetString());
        Assert.Equal("wait", second.GetProperty("definition").GetProperty("nodes")[0].GetProperty("type").GetString());
        await (await _client.GetAsync($"/api/stores/{store}/workflows/w/versions/3")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/api/stores/{store}/workflows/unknown/versions/1")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("one")]
    [InlineData("1.5")]
    [InlineData("99999999999")]
    public async Task A_version_that_is_not_a_whole_number_from_1_is_a_400_naming_it(string version)
    {
        var store = Ids.Store();
        await SaveAsync(store, "w", "W", """{"type":"manual"}""");

        await (await _client.GetAsync($"/api/stores/{store}/workflows/w/versions/{version}")).AssertValidationProblemAsync("version", $"'{version}'");
    }

    private async Task<JsonElement> RunAsync(string store, string workflowId, string runId, string until)
    {
        await (await _client.PostAsJsonAsync($"/api/stores/{store}/workflows/{workflowId}/runs", new { contactId = Ids.Contact(), runId }))
            .ReadJsonAsync(HttpStatusCode.Accepted);
        return await SendingSiloFixture.EventuallyAsync(
            async () => await (await _client.GetAsync($"/api/stores/{store}/workflows/{workflowId}/runs/{runId}")).ReadJsonAsync(),
            r => r.GetProperty("status").GetString() == until, $"run {runId} to be {until}");
    }

    [Fact]
    public async Task A_walk_of_the_runs_meets_each_once_newest_first_and_a_status_filter_keeps_to_it()
    {
        var store = Ids.Store();
        await SaveAsync(store, "later", "Later", """{"type":"manual"}""");
        var started = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            started.Add($"run-{i}");
            await RunAsync(store, "later", $"run-{i}", "waiting");
        }

        foreach (var cancelled in new[] { "run-1", "run-4" })
        {
            await (await _client.PostAsync($"/api/stores/{store}/workflows/later/runs/{cancelled}/cancel", null)).ReadJsonAsync();
        }

        var (all, pages) = await ListPages.WalkAsync(_client, $"/api/stores/{store}/workflows/later/runs", limit: 3);

        Assert.Equal(3, pages);
        Assert.Equal(started.Order(StringComparer.Ordinal), all.Strings("runId").Order(StringComparer.Ordinal));
        var order = all.Select(r => (At: r.GetProperty("startedAt").GetDateTimeOffset(), Id: r.GetProperty("runId").GetString()!)).ToList();
        Assert.Equal(order.OrderByDescending(r => r.At).ThenByDescending(r => r.Id, StringComparer.Ordinal), order);
        Assert.All(all, r => Assert.Equal("contact", r.GetProperty("kind").GetString()));
        Assert.All(all, r => Assert.Equal(1, r.GetProperty("version").GetInt32()));
        var run4 = all.Single(r => r.GetProperty("runId").GetString() == "run-4");
        Assert.Equal("cancelled", run4.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, run4.GetProperty("endedAt").ValueKind);
        var run0 = all.Single(r => r.GetProperty("runId").GetString() == "run-0");
        Assert.Equal("waiting", run0.GetProperty("status").GetString());
        Assert.Equal(1, run0.GetProperty("steps").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, run0.GetProperty("waitingUntil").ValueKind);

        var (cancelledRuns, _) = await ListPages.WalkAsync(_client, $"/api/stores/{store}/workflows/later/runs?status=cancelled", limit: 1);
        Assert.Equal(["run-4", "run-1"], cancelledRuns.Strings("runId"));
        var (waiting, waitingPages) = await ListPages.WalkAsync(_client, $"/api/stores/{store}/workflows/later/runs?status=waiting", limit: 2);
        Assert.Equal(["run-6", "run-5", "run-3", "run-2", "run-0"], waiting.Strings("runId"));
        Assert.Equal(3, waitingPages);
        var completed = await ListPages.FirstAsync(_client, $"/api/stores/{store}/workflows/later/runs?status=completed");
        Assert.Empty(completed.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Newsletter_runs_are_listed_with_their_counters_beside_one_contact_runs()
    {
        var store = Ids.Store();
        await (await _client.PutJsonAsync($"/api/stores/{store}/sms/news", new { name = "News", text = "Novedades" })).ReadJsonAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/weekly", """
            {"name":"Weekly","trigger":{"type":"newsletter","at":"2099-01-01T09:00:00Z"},"start":"send","nodes":[
              {"id":"send","type":"sendSms","smsId":"news","recipient":{"type":"contact"},"kind":"newsletter","senderName":"MyShop","next":null}]}
            """)).ReadJsonAsync();
        await (await _client.PostAsJsonAsync($"/api/stores/{store}/workflows/weekly/runs", new { runId = "weekly-1" })).ReadJsonAsync(HttpStatusCode.Accepted);
        await (await _client.PostAsJsonAsync($"/api/stores/{store}/workflows/weekly/runs", new { runId = "weekly-2" })).ReadJsonAsync(HttpStatusCode.Accepted);
        await (await _client.PostAsync($"/api/stores/{store}/workflows/weekly/runs/weekly-1/cancel", null)).ReadJsonAsync();

        var (runs, _) = await ListPages.WalkAsync(_client, $"/api/stores/{store}/workflows/weekly/runs", limit: 1);

        Assert.Equal(["weekly-2", "weekly-1"], runs.Strings("runId"));
        var scheduled = runs[0];
        Assert.Equal("newsletter", scheduled.GetProperty("kind").GetString());
        Assert.Equal("scheduled", scheduled.GetProperty("status").GetString());
        Assert.Equal(0, scheduled.GetProperty("contacts").GetInt64());
        Assert.Equal(0, scheduled.GetProperty("skipped").GetProperty("noPhone").GetInt64());
        Assert.Equal(64, scheduled.GetProperty("shards").GetInt32());
        Assert.Equal(new DateTimeOffset(2099, 1, 1, 9, 0, 0, TimeSpan.Zero), scheduled.GetProperty("startAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, scheduled.GetProperty("contactId").ValueKind);
        Assert.Equal("cancelled", runs[1].GetProperty("status").GetString());

        var (onlyCancelled, _) = await ListPages.WalkAsync(_client, $"/api/stores/{store}/workflows/weekly/runs?status=cancelled", limit: 5);
        Assert.Equal(["weekly-1"], onlyCancelled.Strings("runId"));
    }

    [Fact]
    public async Task The_runs_of_a_workflow_never_saved_are_404()
    {
        await (await _client.GetAsync($"/api/stores/{Ids.Store()}/workflows/nothing/runs")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("status=done", "status", "'done'", "waiting")]
    [InlineData("status=Waiting", "status", "'Waiting'", "cancelled")]
    [InlineData("limit=0", "limit", "'0'", "1 to 200")]
    [InlineData("limit=201", "limit", "'201'", "1 to 200")]
    [InlineData("cursor=garbage", "cursor", "'garbage'", "nextCursor")]
    [InlineData("cursor=aWQxOnByb21v", "cursor", "'aWQxOnByb21v'", "nextCursor")]
    public async Task A_bad_filter_limit_or_cursor_is_a_400_naming_it(string query, string field, string quoted, string mention)
    {
        var store = Ids.Store();
        await SaveAsync(store, "w", "W", """{"type":"manual"}""");

        await (await _client.GetAsync($"/api/stores/{store}/workflows/w/runs?{query}")).AssertValidationProblemAsync(field, quoted, mention);
    }

    [Fact]
    public async Task Every_bad_parameter_is_named_at_once()
    {
        var store = Ids.Store();
        await SaveAsync(store, "w", "W", """{"type":"manual"}""");

        var problem = await (await _client.GetAsync($"/api/stores/{store}/workflows/w/runs?status=nope&limit=0&cursor=x")).AssertValidationProblemAsync("status");
        Assert.True(problem.GetProperty("errors").TryGetProperty("limit", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("cursor", out _));
    }
}
