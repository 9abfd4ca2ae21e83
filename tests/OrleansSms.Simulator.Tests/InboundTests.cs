using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OrleansSms.InstasentSimulator;
using static OrleansSms.Simulator.Tests.SimulatorHarness;

namespace OrleansSms.Simulator.Tests;

/// <summary><c>POST /_sim/inbound</c>: a number replies, posted on the delivery-report webhook with <c>message</c>.</summary>
public sealed class InboundTests
{
    private static Task<(HttpResponseMessage Response, JsonNode? Body)> ReplyAsync(SimulatorHarness sim, object body) =>
        sim.PostAsync("/_sim/inbound", body, sim.Anonymous);

    private static async Task<JsonObject> PostedAsync(CallbackReceiver receiver, string id)
    {
        await Eventually.UntilAsync(() => receiver.BodiesFor(id).Count >= 1, what: $"inbound {id} posted");
        return receiver.BodiesFor(id)[0];
    }

    private static async Task<List<SimulatedInbound>> InboundAsync(SimulatorHarness sim, string? from = null) =>
        (await sim.Anonymous.GetFromJsonAsync<List<SimulatedInbound>>(
            "/_sim/inbound" + (from is null ? "" : "?from=" + Uri.EscapeDataString(from)), Json))!;

    [Fact]
    public async Task A_reply_carries_the_clientId_and_sender_of_the_latest_message_to_the_number()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var sim = await StartAsync(callbackUrl: receiver.Url);
        await sim.PostAsync("/transactional/v1/sms", Sms("+34600100001", clientId: "auto-1", from: "Earlier"));
        await sim.PostAsync("/transactional/v1/sms", Sms("+34600100001", clientId: "auto-2", from: "MyShop"));
        await sim.PostAsync("/transactional/v1/sms", Sms("+34600100002", clientId: "auto-other"));

        var (response, answer) = await ReplyAsync(sim, new { from = "+34600100001", text = "Hola, ¿a qué hora abrís?" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var id = (string)answer!["id"]!;
        Assert.Equal("auto-2", (string?)answer["clientId"]);
        Assert.Equal(["clientId", "id"], answer.AsObject().Select(p => p.Key).Order());

        var posted = await PostedAsync(receiver, id);
        Assert.Equal(["clientId", "eventAt", "from", "id", "message", "to"], posted.Select(p => p.Key).Order());
        Assert.Equal("auto-2", (string?)posted["clientId"]);
        Assert.Equal("+34600100001", (string?)posted["from"]);
        Assert.Equal("MyShop", (string?)posted["to"]);
        Assert.Equal("Hola, ¿a qué hora abrís?", (string?)posted["message"]);
        Assert.DoesNotContain(await sim.MessagesAsync(), m => m.Id == id);

        var recorded = Assert.Single(await Eventually.UntilAsync(() => InboundAsync(sim), l => l.All(i => i.Callback == "posted"), what: "recorded as posted"));
        Assert.Equal(new SimulatedInbound(id, "+34600100001", "MyShop", "Hola, ¿a qué hora abrís?", "auto-2", null, recorded.EventAt, "posted", 1), recorded);
        Assert.Equal(recorded.EventAt, DateTimeOffset.Parse((string)posted["eventAt"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, (await sim.StatsAsync()).Inbound);
    }

    [Fact]
    public async Task ClientId_none_leaves_clientId_out_of_the_payload()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var sim = await StartAsync(callbackUrl: receiver.Url);
        await sim.PostAsync("/transactional/v1/sms", Sms("+34600100011", clientId: "none-1"));

        var (response, answer) = await ReplyAsync(sim, new { from = "+34600100011", text = "ok", clientId = "none" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Null((string?)answer!["clientId"]);
        Assert.True(answer.AsObject().ContainsKey("clientId"));
        var posted = await PostedAsync(receiver, (string)answer["id"]!);
        Assert.False(posted.ContainsKey("clientId"));
        Assert.False(posted.ContainsKey("status"));
        Assert.Equal("ok", (string?)posted["message"]);
    }

    [Fact]
    public async Task An_explicit_clientId_is_posted_as_given()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var sim = await StartAsync(callbackUrl: receiver.Url);
        await sim.PostAsync("/transactional/v1/sms", Sms("+34600100021", clientId: "explicit-sent"));

        var (_, answer) = await ReplyAsync(sim, new { from = "+34600100021", text = "hi", clientId = "explicit-given" });

        Assert.Equal("explicit-given", (string?)answer!["clientId"]);
        Assert.Equal("explicit-given", (string?)(await PostedAsync(receiver, (string)answer["id"]!))["clientId"]);
    }

    [Fact]
    public async Task A_stop_reply_carries_status_stop_and_no_code()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var sim = await StartAsync(callbackUrl: receiver.Url);
        await sim.PostAsync("/transactional/v1/sms", Sms("+34600100031", clientId: "stop-1"));

        var (response, answer) = await ReplyAsync(sim, new { from = "+34600100031", text = "STOP", status = "stop" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var posted = await PostedAsync(receiver, (string)answer!["id"]!);
        Assert.Equal(["clientId", "eventAt", "from", "id", "message", "status", "to"], posted.Select(p => p.Key).Order());
        Assert.Equal("stop", (string?)posted["status"]);
        Assert.Equal("STOP", (string?)posted["message"]);
        Assert.Equal("stop-1", (string?)posted["clientId"]);
        Assert.Equal("stop", Assert.Single(await InboundAsync(sim, "+34600100031")).Status);
    }

    [Fact]
    public async Task A_named_token_gets_the_reply_with_its_own_latest_message()
    {
        await using var ours = await CallbackReceiver.StartAsync();
        await using var theirs = await CallbackReceiver.StartAsync();
        await using var sim = await StartAsync(callbackUrl: ours.Url);
        await sim.PutAsync("/_sim/tokens/named-token", new { callbackUrl = theirs.Url });
        using var named = sim.NewClient("named-token");
        await sim.PostAsync("/transactional/v1/sms", Sms("+34600100041", clientId: "named-theirs", from: "Theirs"), named);
        await sim.PostAsync("/transactional/v1/sms", Sms("+34600100041", clientId: "named-ours", from: "Ours"));

        var (_, toLatest) = await ReplyAsync(sim, new { from = "+34600100041", text = "to the latest" });
        var (_, toNamed) = await ReplyAsync(sim, new { from = "+34600100041", text = "to the named", token = "named-token" });
        var (_, unknownNumber) = await ReplyAsync(sim, new { from = "+34600100042", text = "never written to", token = "named-token" });

        Assert.Equal("named-ours", (string?)(await PostedAsync(ours, (string)toLatest!["id"]!))["clientId"]);
        var named1 = await PostedAsync(theirs, (string)toNamed!["id"]!);
        Assert.Equal(("named-theirs", "Theirs"), ((string?)named1["clientId"], (string?)named1["to"]));

        // No message of that token to that number: neither a clientId nor a "to" is known.
        var stranger = await PostedAsync(theirs, (string)unknownNumber!["id"]!);
        Assert.Equal(["eventAt", "from", "id", "message"], stranger.Select(p => p.Key).Order());
        Assert.Empty(ours.BodiesFor((string)toNamed["id"]!));
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"text":"hi"}""", "from" },
        { """{"from":"600100051","text":"hi"}""", "from" },
        { """{"from":"+0600100051","text":"hi"}""", "from" },
        { """{"from":"+34600100051"}""", "text" },
        { """{"from":"+34600100051","text":""}""", "text" },
        { $$"""{"from":"+34600100051","text":"{{new string('x', 1601)}}"}""", "text" },
        { """{"from":"+34600100051","text":"hi","clientId":""}""", "clientId" },
        { $$"""{"from":"+34600100051","text":"hi","clientId":"{{new string('c', 41)}}"}""", "clientId" },
        { """{"from":"+34600100051","text":"hi","clientId":7}""", "clientId" },
        { """{"from":"+34600100051","text":"hi","status":"delivered"}""", "status" },
        { """{"from":"+34600100051","text":"hi","status":"STOP"}""", "status" },
        { """{"from":"+34600100051","text":"hi","token":""}""", "token" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task A_bad_field_is_a_400_naming_it(string json, string field)
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var sim = await StartAsync(callbackUrl: receiver.Url);
        await sim.PostAsync("/transactional/v1/sms", Sms("+34600100051", clientId: "valid-1"));

        using var response = await sim.Anonymous.PostAsync("/_sim/inbound", new StringContent(json, Encoding.UTF8, "application/json"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (string?)body["field"]);
        Assert.Contains(field, (string)body["message"]!);
        Assert.Empty(await InboundAsync(sim));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"from\":")]
    public async Task A_body_that_is_not_an_object_is_a_400(string json)
    {
        await using var sim = await StartAsync();

        using var response = await sim.Anonymous.PostAsync("/_sim/inbound", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("JSON object", (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]!);
    }

    [Fact]
    public async Task Texts_of_1_and_1600_characters_are_taken()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var sim = await StartAsync(callbackUrl: receiver.Url);
        await sim.PostAsync("/transactional/v1/sms", Sms("+34600100061", clientId: "edges-1"));

        var (shortest, _) = await ReplyAsync(sim, new { from = "+34600100061", text = "y" });
        var (longest, _) = await ReplyAsync(sim, new { from = "+34600100061", text = new string('z', 1600) });

        Assert.Equal(HttpStatusCode.Accepted, shortest.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, longest.StatusCode);
    }

    [Fact]
    public async Task A_number_never_written_to_is_a_404_unless_a_token_is_named()
    {
        await using var sim = await StartAsync();

        var (unknownNumber, numberBody) = await ReplyAsync(sim, new { from = "+34600100071", text = "who are you?" });
        var (unknownToken, tokenBody) = await ReplyAsync(sim, new { from = "+34600100071", text = "hi", token = "secret-unknown-token" });
        var (named, _) = await ReplyAsync(sim, new { from = "+34600100071", text = "hi", token = Token });

        Assert.Equal(HttpStatusCode.NotFound, unknownNumber.StatusCode);
        Assert.Equal("from", (string?)numberBody!["field"]);
        Assert.Contains("+34600100071", (string)numberBody["message"]!);
        Assert.Equal(HttpStatusCode.NotFound, unknownToken.StatusCode);
        Assert.Equal("token", (string?)tokenBody!["field"]);
        Assert.DoesNotContain("secret-unknown-token", tokenBody.ToJsonString());
        Assert.Equal(HttpStatusCode.Accepted, named.StatusCode);
    }

    [Fact]
    public async Task A_reply_to_a_revoked_tokens_message_is_a_404()
    {
        await using var sim = await StartAsync();
        await sim.PutAsync("/_sim/tokens/revoked-token", new { callbackUrl = (string?)null });
        await sim.PostAsync("/transactional/v1/sms", Sms("+34600100075", clientId: "revoked-1"), sim.NewClient("revoked-token"));
        using var revoked = await sim.Anonymous.DeleteAsync("/_sim/tokens/revoked-token");

        var (response, body) = await ReplyAsync(sim, new { from = "+34600100075", text = "hi" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("revoked", (string)body!["message"]!);
    }

    [Fact]
    public async Task A_receiver_answering_500_gets_the_reply_again()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var sim = await StartAsync(callbackUrl: receiver.Url);
        await sim.PostAsync("/transactional/v1/sms", Sms("+34600100081", clientId: "retry-in-1"));
        await Eventually.UntilAsync(sim.StatsAsync, s => s.Callbacks.Sent == 1, what: "the report first");
        receiver.Respond = (report, attempt) => Task.FromResult(report.Status is null && attempt == 1 ? 500 : 200);

        var (_, answer) = await ReplyAsync(sim, new { from = "+34600100081", text = "again" });
        var id = (string)answer!["id"]!;

        var recorded = await Eventually.UntilAsync(() => InboundAsync(sim), l => l.Single().Callback == "posted", what: "posted after a retry");
        Assert.Equal(2, recorded.Single().Attempts);
        var bodies = receiver.BodiesFor(id);
        Assert.Equal(2, bodies.Count);
        Assert.Equal(bodies[0].ToJsonString(), bodies[1].ToJsonString());
        var stats = await sim.StatsAsync();
        Assert.Equal((2, 1, 0L), (stats.Callbacks.Sent, stats.Callbacks.Failed, stats.Callbacks.Pending));
    }

    [Fact]
    public async Task A_token_without_a_callback_URL_skips_the_reply()
    {
        await using var sim = await StartAsync();
        await sim.PostAsync("/transactional/v1/sms", Sms("+34600100091", clientId: "skip-1"));

        var (response, _) = await ReplyAsync(sim, new { from = "+34600100091", text = "anyone?" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var recorded = await Eventually.UntilAsync(() => InboundAsync(sim), l => l.Single().Callback == "skipped", what: "skipped");
        Assert.Equal(0, recorded.Single().Attempts);
    }

    [Fact]
    public async Task With_DuplicateReportRate_1_a_reply_arrives_twice_alike()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var sim = await StartAsync(o => o.DuplicateReportRate = 1, receiver.Url);
        await sim.PostAsync("/transactional/v1/sms", Sms("+34600100101", clientId: "dup-in-1"));

        var (_, answer) = await ReplyAsync(sim, new { from = "+34600100101", text = "twice" });
        var id = (string)answer!["id"]!;

        await Eventually.UntilAsync(() => receiver.BodiesFor(id).Count == 2, what: "two copies");
        var bodies = receiver.BodiesFor(id);
        Assert.Equal(bodies[0].ToJsonString(), bodies[1].ToJsonString());
    }

    [Fact]
    public async Task Deleting_messages_forgets_replies_and_who_was_written_to()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var sim = await StartAsync(callbackUrl: receiver.Url);
        await sim.PostAsync("/transactional/v1/sms", Sms("+34600100111", clientId: "forget-1"));
        var (first, _) = await ReplyAsync(sim, new { from = "+34600100111", text = "one" });

        using var deleted = await sim.Anonymous.DeleteAsync("/_sim/messages");
        var (afterwards, _) = await ReplyAsync(sim, new { from = "+34600100111", text = "two" });

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterwards.StatusCode);
        Assert.Empty(await InboundAsync(sim));
    }

    [Fact]
    public async Task Replies_never_echo_tokens_or_callback_URLs()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var sim = await StartAsync(callbackUrl: receiver.Url);
        await sim.PostAsync("/transactional/v1/sms", Sms("+34600100121", clientId: "secret-1"));

        using var answer = await sim.Anonymous.PostAsJsonAsync("/_sim/inbound", new { from = "+34600100121", text = "hi", token = Token }, Json);
        var answerText = await answer.Content.ReadAsStringAsync();
        var listed = await sim.Anonymous.GetStringAsync("/_sim/inbound");

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        foreach (var text in (string[])[answerText, listed])
        {
            Assert.DoesNotContain(Token, text);
            Assert.DoesNotContain(receiver.Url, text);
        }
    }
}
