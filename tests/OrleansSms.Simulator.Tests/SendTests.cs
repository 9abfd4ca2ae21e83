using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static OrleansSms.Simulator.Tests.SimulatorHarness;

namespace OrleansSms.Simulator.Tests;

public sealed class SendTests
{
    [Theory]
    [InlineData("/transactional/v1/sms")]
    [InlineData("/sms")]
    public async Task Single_send_answers_201_with_the_entity_and_is_recorded(string path)
    {
        await using var sim = await StartAsync();

        var (response, body) = await sim.PostAsync(path, Sms("+34600111222", "Hola, ¿qué tal?", "c-1"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var entity = body!["entity"]!;
        var id = (string)entity["id"]!;
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal("c-1", (string?)entity["clientId"]);
        Assert.Equal("enqueued", (string?)entity["status"]);
        Assert.Equal("MyShop", (string?)entity["from"]);
        Assert.Equal("+34600111222", (string?)entity["to"]);
        Assert.Equal("Hola, ¿qué tal?", (string?)entity["text"]);
        Assert.Equal(1, (int)entity["segments"]!);

        var recorded = Assert.Single(await sim.MessagesAsync());
        Assert.Equal(id, recorded.Id);
        Assert.Equal("c-1", recorded.ClientId);
        Assert.False(recorded.Unicode);
    }

    [Theory]
    [InlineData("/transactional/v1/sms/bulk")]
    [InlineData("/sms/bulk")]
    public async Task Bulk_accepts_good_items_and_reports_each_bad_one(string path)
    {
        await using var sim = await StartAsync();
        var (_, first) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600000009", clientId: "earlier"));
        var earlierId = (string)first!["entity"]!["id"]!;

        object[] items =
        [
            Sms("+34600000001", clientId: "ok-1"),
            Sms("600000002", clientId: "bad-to"),
            Sms("+34600000003", clientId: new string('x', 41)),
            Sms("+34600000004", clientId: "ok-1"),            // repeated inside the batch
            Sms("+34600000005", clientId: "earlier"),         // repeated from an earlier request
            Sms("+34600000006", clientId: "ok-2"),
            42,
        ];
        var (response, body) = await sim.PostAsync(path, items);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var entities = body!["entities"]!.AsArray();
        Assert.Equal(["ok-1", "ok-2"], entities.Select(e => (string?)e!["clientId"]));
        Assert.All(entities, e => Assert.Equal("enqueued", (string?)e!["status"]));

        var errors = body["errors"]!.AsArray().ToDictionary(e => (int)e!["index"]!, e => e!);
        Assert.Equal([1, 2, 3, 4, 6], errors.Keys.Order());
        Assert.NotNull(errors[1]["fields"]!["to"]);
        Assert.Equal("600000002", (string?)errors[1]["item"]!["to"]);
        Assert.Equal("bad-to", (string?)errors[1]["clientId"]);
        Assert.Contains("40", (string)errors[2]["fields"]!["clientId"]![0]!);
        Assert.Contains("already used", (string)errors[3]["fields"]!["clientId"]![0]!);
        Assert.Contains(earlierId, (string)errors[4]["fields"]!["clientId"]![0]!);
        Assert.Equal(42, (int)errors[6]["item"]!);

        var stored = await sim.MessagesAsync();
        Assert.Equal(["earlier", "ok-1", "ok-2"], stored.Select(m => m.ClientId));
    }

    [Fact]
    public async Task Bulk_of_exactly_100_is_accepted_and_101_is_refused_whole()
    {
        await using var sim = await StartAsync();

        var (ok, okBody) = await sim.PostAsync("/transactional/v1/sms/bulk",
            Enumerable.Range(0, 100).Select(i => Sms("+3460000" + i.ToString("D4"), clientId: "a" + i)).ToArray());
        var (tooMany, _) = await sim.PostAsync("/transactional/v1/sms/bulk",
            Enumerable.Range(0, 101).Select(i => Sms("+3460000" + i.ToString("D4"), clientId: "b" + i)).ToArray());

        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        Assert.Equal(100, okBody!["entities"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal(100, (await sim.MessagesAsync()).Count);
    }

    [Theory]
    [InlineData("{\"from\":\"x\"}")]
    [InlineData("\"text\"")]
    [InlineData("[{\"from\":\"x\"")]
    [InlineData("")]
    public async Task Bulk_body_that_is_not_an_array_is_400(string json)
    {
        await using var sim = await StartAsync();

        using var response = await sim.Client.PostAsync("/transactional/v1/sms/bulk", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await sim.MessagesAsync());
    }

    [Fact]
    public async Task Single_send_with_a_used_clientId_is_400_and_not_sent_twice()
    {
        await using var sim = await StartAsync();

        var (first, _) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222", clientId: "once"));
        var (second, body) = await sim.PostAsync("/sms", Sms("+34600111222", clientId: "once"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.NotNull(body!["fields"]!["clientId"]);
        Assert.Single(await sim.MessagesAsync(clientId: "once"));
    }

    [Fact]
    public async Task Concurrent_sends_of_one_clientId_accept_exactly_one()
    {
        await using var sim = await StartAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            sim.PostAsync("/transactional/v1/sms", Sms("+34600111222", clientId: "race"))));

        Assert.Equal(1, answers.Count(a => a.Response.StatusCode == HttpStatusCode.Created));
        Assert.Equal(15, answers.Count(a => a.Response.StatusCode == HttpStatusCode.BadRequest));
        Assert.Single(await sim.MessagesAsync());
    }

    [Fact]
    public async Task ClientIds_are_unique_per_token_not_across_tokens()
    {
        await using var sim = await StartAsync();
        await sim.PutAsync("/_sim/tokens/other", new { callbackUrl = (string?)null });
        using var other = sim.NewClient("other");

        var (a, _) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222", clientId: "shared"));
        var (b, _) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222", clientId: "shared"), other);

        Assert.Equal(HttpStatusCode.Created, a.StatusCode);
        Assert.Equal(HttpStatusCode.Created, b.StatusCode);
        Assert.Equal(2, (await sim.MessagesAsync(clientId: "shared")).Count);
    }

    [Fact]
    public async Task Get_by_id_finds_the_callers_message_and_404s_otherwise()
    {
        await using var sim = await StartAsync();
        await sim.PutAsync("/_sim/tokens/other", new { });
        using var other = sim.NewClient("other");
        var (_, body) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222", "Hi", "g-1"));
        var id = (string)body!["entity"]!["id"]!;

        var found = await sim.Client.GetFromJsonAsync<JsonNode>($"/transactional/v1/sms/{id}");
        using var unknown = await sim.Client.GetAsync("/transactional/v1/sms/ffffffff0000000000000000");
        using var foreign = await other.GetAsync($"/transactional/v1/sms/{id}");
        using var legacy = await sim.Client.GetAsync($"/sms/{id}");

        Assert.Equal(id, (string?)found!["entity"]!["id"]);
        Assert.Equal("g-1", (string?)found["entity"]!["clientId"]);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, legacy.StatusCode);
    }

    [Fact]
    public async Task List_pages_the_callers_messages_in_order()
    {
        await using var sim = await StartAsync();
        await sim.PostAsync("/transactional/v1/sms/bulk",
            Enumerable.Range(0, 5).Select(i => Sms("+3460000000" + i, clientId: "p" + i)).ToArray());

        var page2 = await sim.Client.GetFromJsonAsync<JsonNode>("/transactional/v1/sms?page=2&per_page=2");

        Assert.Equal(["p2", "p3"], page2!["entities"]!.AsArray().Select(e => (string?)e!["clientId"]));
        Assert.Equal(5, (int)page2["pagination"]!["total"]!);
        Assert.Equal(3, (int)page2["pagination"]!["pages"]!);
    }
}
