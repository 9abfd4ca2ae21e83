using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansSms.InstasentSimulator;
using static OrleansSms.Simulator.Tests.SimulatorHarness;

namespace OrleansSms.Simulator.Tests;

public sealed class DeliveryReportTests
{
    [Fact]
    public async Task Each_number_gets_its_configured_outcome()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var sim = await StartAsync(callbackUrl: receiver.Url);
        await sim.PutAsync("/_sim/outcomes", new Dictionary<string, string>
        {
            ["+34600000001"] = "failed",
            ["+34600000002"] = "stop",
        });

        var (_, body) = await sim.PostAsync("/transactional/v1/sms/bulk", new[]
        {
            Sms("+34600000001", clientId: "o-failed"),
            Sms("+34600000002", clientId: "o-stop"),
            Sms("+34600000003", clientId: "o-delivered"),
        });
        var ids = body!["entities"]!.AsArray().ToDictionary(e => (string)e!["clientId"]!, e => (string)e!["id"]!);

        await Eventually.UntilAsync(() => receiver.Received.Count >= 3, what: "three reports");

        var byClientId = receiver.Received.ToDictionary(r => r.Report.ClientId!, r => r.Report);
        Assert.Equal("failed", byClientId["o-failed"].Status);
        Assert.NotEqual(0, byClientId["o-failed"].Code);
        Assert.Equal("stop", byClientId["o-stop"].Status);
        Assert.Equal("delivered", byClientId["o-delivered"].Status);
        Assert.Equal(0, byClientId["o-delivered"].Code);
        Assert.All(byClientId, kv => Assert.Equal(ids[kv.Key], kv.Value.Id));

        // The raw body carries exactly the report's fields of docs/instasent.md.
        var raw = JsonNode.Parse(receiver.Received.First().Body)!.AsObject();
        Assert.Equal(["clientId", "code", "eventAt", "id", "status"], raw.Select(p => p.Key).Order());

        var messages = await Eventually.UntilAsync(() => sim.MessagesAsync(), m => m.All(x => x.Status != "enqueued"), what: "statuses");
        Assert.Equal("stop", messages.Single(m => m.ClientId == "o-stop").Status);
        var stats = await Eventually.UntilAsync(sim.StatsAsync, s => s.Callbacks.Sent == 3 && s.Callbacks.Pending == 0, what: "stats");
        Assert.Equal(0, stats.Callbacks.Failed);
    }

    [Fact]
    public async Task A_receiver_answering_500_gets_the_report_again_later()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        receiver.Respond = (_, attempt) => Task.FromResult(attempt == 1 ? 500 : 200);
        await using var sim = await StartAsync(callbackUrl: receiver.Url);

        var (_, body) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222", clientId: "retry-me"));
        var id = (string)body!["entity"]!["id"]!;

        await Eventually.UntilAsync(() => receiver.ReportsFor(id).Count >= 2, what: "second post");
        var stats = await Eventually.UntilAsync(sim.StatsAsync, s => s.Callbacks.Sent == 1, what: "sent");
        Assert.Equal(1, stats.Callbacks.Failed);
        Assert.Equal(0, stats.Callbacks.Pending);
        Assert.All(receiver.ReportsFor(id), r => Assert.Equal("retry-me", r.ClientId));
    }

    [Fact]
    public async Task A_slow_receiver_counts_as_a_failure_and_is_retried()
    {
        await using var receiver = await CallbackReceiver.StartAsync();

        // The first answer is held until the test is over: only the simulator's timeout ends it.
        var firstAnswer = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Respond = (_, attempt) => attempt == 1 ? firstAnswer.Task : Task.FromResult(200);
        await using var sim = await StartAsync(o => o.CallbackTimeout = TimeSpan.FromMilliseconds(500), receiver.Url);

        await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222", clientId: "slow"));

        // Answered well before the slow first answer would have come back: it was retried.
        var stats = await Eventually.UntilAsync(sim.StatsAsync, s => s.Callbacks.Sent == 1, TimeSpan.FromSeconds(4.5), "sent after a timeout");
        Assert.True(stats.Callbacks.Failed >= 1);
        Assert.True(receiver.Received.Count >= 2);
        firstAnswer.SetResult(200);
    }

    [Fact]
    public async Task A_report_is_given_up_after_MaxCallbackAttempts()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        receiver.Respond = (_, _) => Task.FromResult(503);
        await using var sim = await StartAsync(o => o.MaxCallbackAttempts = 3, receiver.Url);

        await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222"));

        var stats = await Eventually.UntilAsync(sim.StatsAsync, s => s.Callbacks.Abandoned == 1, what: "abandoned");
        Assert.Equal(3, stats.Callbacks.Failed);
        Assert.Equal(0, stats.Callbacks.Pending);
        Assert.Equal(3, receiver.Received.Count);
    }

    [Fact]
    public async Task An_unreachable_callback_is_retried_until_it_comes_up()
    {
        // Register a URL nobody listens on, then point the token at a live receiver: pending
        // reports follow the token's current URL.
        await using var sim = await StartAsync(o => o.MaxCallbackAttempts = 50, "http://127.0.0.1:9/nobody");
        await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222", clientId: "patient"));
        await Eventually.UntilAsync(sim.StatsAsync, s => s.Callbacks.Failed >= 1, what: "a failed attempt");

        await using var receiver = await CallbackReceiver.StartAsync();
        await sim.PutAsync($"/_sim/tokens/{Token}", new { callbackUrl = receiver.Url });

        await Eventually.UntilAsync(() => receiver.Received.Count == 1, what: "report after the URL changed");
        Assert.Equal("patient", receiver.Received.Single().Report.ClientId);
    }

    [Fact]
    public async Task With_DuplicateReportRate_1_every_report_arrives_twice()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var sim = await StartAsync(o => o.DuplicateReportRate = 1, receiver.Url);

        var (_, body) = await sim.PostAsync("/transactional/v1/sms/bulk", new[]
        {
            Sms("+34600000001", clientId: "d-1"),
            Sms("+34600000002", clientId: "d-2"),
        });
        var ids = body!["entities"]!.AsArray().Select(e => (string)e!["id"]!).ToList();

        await Eventually.UntilAsync(() => ids.All(id => receiver.ReportsFor(id).Count == 2), what: "two copies each");
        foreach (var id in ids)
        {
            var copies = receiver.Received.Where(r => r.Report.Id == id).Select(r => r.Body).ToList();
            Assert.Equal(copies[0], copies[1]);
        }

        var stats = await Eventually.UntilAsync(sim.StatsAsync, s => s.Callbacks.Pending == 0, what: "drained");
        Assert.Equal(2, stats.Callbacks.Duplicates);
        Assert.Equal(4, stats.Callbacks.Sent);
    }

    [Fact]
    public async Task Many_reports_all_arrive()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var sim = await StartAsync(callbackUrl: receiver.Url);

        for (var batch = 0; batch < 20; batch++)
        {
            var (response, _) = await sim.PostAsync("/transactional/v1/sms/bulk",
                Enumerable.Range(0, 100).Select(i => Sms("+346" + (batch * 100 + i).ToString("D8"), clientId: $"many-{batch}-{i}")).ToArray());
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        await Eventually.UntilAsync(() => receiver.Received.Count >= 2000, what: "2000 reports");
        Assert.Equal(2000, receiver.Received.Select(r => r.Report.Id).Distinct().Count());
    }
}

/// <summary>Every status of Instasent's list, set per number through <c>/_sim/outcomes</c>, is posted as it is.</summary>
public sealed class OutcomeTests
{
    [Theory]
    [InlineData("sent", 0)]
    [InlineData("accepted", 0)]
    [InlineData("buffered", 0)]
    [InlineData("delivered", 0)]
    [InlineData("error", 1)]
    [InlineData("failed", 2)]
    [InlineData("expired", 3)]
    [InlineData("canceled", 5)]
    [InlineData("rejected", 4)]
    [InlineData("unknown", 0)]
    [InlineData("stop", 0)]
    public async Task Each_status_is_accepted_as_an_outcome_and_posted(string status, int code)
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var sim = await StartAsync(callbackUrl: receiver.Url);
        var number = "+34600200" + (DeliveryStatuses.All.ToList().IndexOf(status) + 100).ToString("D3");
        using var put = await sim.Anonymous.PutAsJsonAsync("/_sim/outcomes", new Dictionary<string, string> { [number] = status }, Json);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var (_, body) = await sim.PostAsync("/transactional/v1/sms", Sms(number, clientId: "outcome-" + status));
        var id = (string)body!["entity"]!["id"]!;

        await Eventually.UntilAsync(() => receiver.ReportsFor(id).Count == 1, what: $"the {status} report");
        Assert.Equal(new DeliveryReport(id, "outcome-" + status, status, code, receiver.ReportsFor(id)[0].EventAt), receiver.ReportsFor(id)[0]);
        var raw = receiver.BodiesFor(id)[0];
        Assert.Equal(["clientId", "code", "eventAt", "id", "status"], raw.Select(p => p.Key).Order());
        var message = await Eventually.UntilAsync(() => sim.MessagesAsync(clientId: "outcome-" + status), m => m.Single().Status != "enqueued", what: "status");
        Assert.Equal(status, message.Single().Status);
    }

    [Fact]
    public void The_simulators_list_is_Instasents()
    {
        Assert.Equal(
            ["sent", "accepted", "buffered", "delivered", "error", "failed", "expired", "canceled", "rejected", "unknown", "stop"],
            DeliveryStatuses.All);
    }
}

/// <summary>Instasent's legacy API (<c>/sms</c>) sends no delivery webhooks: polling only.</summary>
public sealed class LegacyPathTests
{
    [Fact]
    public async Task A_legacy_send_gets_no_delivery_report_and_polling_shows_its_outcome()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var sim = await StartAsync(callbackUrl: receiver.Url);
        await sim.PutAsync("/_sim/outcomes", new Dictionary<string, string> { ["+34600300002"] = "failed" });

        var (single, singleBody) = await sim.PostAsync("/sms", Sms("+34600300001", clientId: "legacy-single"));
        var (bulk, bulkBody) = await sim.PostAsync("/sms/bulk", new[] { Sms("+34600300002", clientId: "legacy-bulk") });
        var (_, currentBody) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600300003", clientId: "current"));

        // The answers are the same as on the transactional paths.
        Assert.Equal(HttpStatusCode.Created, single.StatusCode);
        Assert.Equal("enqueued", (string?)singleBody!["entity"]!["status"]);
        Assert.Equal(HttpStatusCode.Created, bulk.StatusCode);
        var legacyIds = new[] { (string)singleBody["entity"]!["id"]!, (string)bulkBody!["entities"]![0]!["id"]! };

        // Only the transactional send was scheduled; its report arrives, the legacy ones never do.
        var currentId = (string)currentBody!["entity"]!["id"]!;
        await Eventually.UntilAsync(() => receiver.ReportsFor(currentId).Count == 1, what: "the transactional report");
        var stats = await Eventually.UntilAsync(sim.StatsAsync, s => s.Callbacks.Pending == 0, what: "drained");
        Assert.Equal((1, 1), (stats.Callbacks.Scheduled, stats.Callbacks.Sent));
        Assert.Equal(3, stats.Accepted);
        Assert.All(legacyIds, id => Assert.Empty(receiver.ReportsFor(id)));

        // Polling, the legacy API's way, sees each outcome once it is due.
        var polled = await Eventually.UntilAsync(
            async () => await sim.Client.GetFromJsonAsync<JsonNode>($"/sms/{legacyIds[1]}"),
            e => (string?)e!["entity"]!["status"] != "enqueued", what: "legacy status");
        Assert.Equal("failed", (string?)polled!["entity"]!["status"]);
        var listed = await Eventually.UntilAsync(() => sim.MessagesAsync(clientId: "legacy-single"), m => m.Single().Status != "enqueued", what: "listed status");
        Assert.Equal("delivered", listed.Single().Status);
    }
}
