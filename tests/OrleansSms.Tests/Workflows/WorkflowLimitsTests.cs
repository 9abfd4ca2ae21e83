using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Workflows;

/// <summary>
/// The limits a saved workflow keeps (the <c>Workflows</c> settings, here their defaults): at most
/// 200 nodes, every loop pausing at least a minute, and a run's path of the newest 100 steps.
/// </summary>
[Collection(MemorySiloCollection.Name)]
public sealed class WorkflowLimitsTests(MemorySiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    /// <summary>A manual workflow of <paramref name="count"/> updateContact nodes in a chain, n0 to n{count-1}.</summary>
    private static string Chain(int count) =>
        $$"""{"name":"Chain","trigger":{"type":"manual"},"start":"n0","nodes":[{{string.Join(",", Enumerable.Range(0, count).Select(i =>
            $$"""{"id":"n{{i}}","type":"updateContact","set":{"step":{{i}}},"next":{{(i + 1 < count ? $"\"n{i + 1}\"" : "null")}}}"""))}}]}""";

    [Fact]
    public async Task Exactly_200_nodes_are_saved_and_201_are_refused_naming_nodes_and_nothing_is_stored()
    {
        var store = Ids.Store();
        var refused = await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/big", Chain(201));
        var problem = await refused.AssertValidationProblemAsync("nodes", "201 nodes", "at most 200");
        Assert.Single(problem.GetProperty("errors").EnumerateObject());
        await (await _client.GetAsync($"/api/stores/{store}/workflows/big")).AssertProblemAsync(HttpStatusCode.NotFound);

        var saved = await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/big", Chain(200))).ReadJsonAsync();
        Assert.Equal(1, saved.GetProperty("version").GetInt32());
        Assert.Equal(200, saved.GetProperty("definition").GetProperty("nodes").GetArrayLength());

        // One over, on a saved workflow: refused, and the saved version stays the current one.
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/big", Chain(201))).AssertValidationProblemAsync("nodes", "201 nodes");
        var current = await (await _client.GetAsync($"/api/stores/{store}/workflows/big")).ReadJsonAsync();
        Assert.Equal(1, current.GetProperty("version").GetInt32());
        Assert.Equal(200, current.GetProperty("definition").GetProperty("nodes").GetArrayLength());
    }

    [Fact]
    public async Task Ten_thousand_nodes_are_one_problem_their_count()
    {
        var store = Ids.Store();
        var problem = await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/huge", Chain(10_000)))
            .AssertValidationProblemAsync("nodes", "10000 nodes", "at most 200");
        Assert.Single(problem.GetProperty("errors").EnumerateObject());
        await (await _client.GetAsync($"/api/stores/{store}/workflows/huge")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_millisecond_wait_in_a_loop_is_refused_naming_the_node_and_value_and_a_one_minute_wait_is_saved()
    {
        var store = Ids.Store();
        static string Loop(string duration) => $$"""
            {"name":"Loop","trigger":{"type":"manual"},"start":"mark","nodes":[
              {"id":"mark","type":"updateContact","set":{"seen":true},"next":"pause"},
              {"id":"pause","type":"wait","duration":"{{duration}}","next":"mark"}]}
            """;

        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/loop", Loop("PT0.001S")))
            .AssertValidationProblemAsync("nodes[1].duration", "'pause'", "'PT0.001S'", "PT1M");
        await (await _client.GetAsync($"/api/stores/{store}/workflows/loop")).AssertProblemAsync(HttpStatusCode.NotFound);

        var saved = await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/loop", Loop("PT1M"))).ReadJsonAsync();
        Assert.Equal(1, saved.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_loop_without_a_wait_is_refused()
    {
        var store = Ids.Store();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/spin", """
            {"name":"Spin","trigger":{"type":"manual"},"start":"a","nodes":[
              {"id":"a","type":"updateContact","set":{"x":1},"next":"b"},
              {"id":"b","type":"updateContact","set":{"x":2},"next":"a"}]}
            """)).AssertValidationProblemAsync("nodes[0]", "has no wait node");
    }

    [Fact]
    public async Task A_run_of_200_steps_keeps_the_newest_100_in_its_path_and_counts_them_all()
    {
        var (store, contact) = (Ids.Store(), Ids.Contact());
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/contacts/{contact}", """{"fields":{"step":-1}}""")).ReadJsonAsync();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/long", Chain(200))).ReadJsonAsync();
        var runId = (await (await _client.PostAsJsonAsync($"/api/stores/{store}/workflows/long/runs", new { contactId = contact }))
            .ReadJsonAsync(HttpStatusCode.Accepted)).GetProperty("runId").GetString();

        var response = await SendingSiloFixture.EventuallyAsync(
            async () => await (await _client.GetAsync($"/api/stores/{store}/workflows/long/runs/{runId}")).Content.ReadAsStringAsync(),
            body => JsonDocument.Parse(body).RootElement.GetProperty("status").GetString() == "completed", "the run to complete", seconds: 60);

        var run = JsonDocument.Parse(response).RootElement;
        Assert.Equal(200, run.GetProperty("steps").GetInt32());
        var path = run.GetProperty("path").EnumerateArray().ToList();
        Assert.Equal(100, path.Count);
        Assert.Equal("n100", path[0].GetProperty("nodeId").GetString());
        Assert.Equal("n199", path[^1].GetProperty("nodeId").GetString());

        // Bounded: 100 steps of some 100 bytes each, whatever the run went through.
        Assert.True(response.Length < 20_000, $"the run's answer is {response.Length} characters");
        Assert.Equal(199, (await (await _client.GetAsync($"/api/stores/{store}/contacts/{contact}")).ReadJsonAsync())
            .GetProperty("fields").GetProperty("step").GetInt32());
    }
}
