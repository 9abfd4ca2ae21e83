using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using static OrleansSms.Simulator.Tests.SimulatorHarness;

namespace OrleansSms.Simulator.Tests;

/// <summary>
/// Request shapes of Instasent's official SDKs, reproduced byte for byte (the SDKs are not
/// vendored). The python SDK (instasent-python-lib 0.1.x, <c>instasent/client.py</c>) posts with
/// <c>requests.post(url, data=json.dumps(data), headers=…)</c>: the body is <c>json.dumps</c>'
/// output (", " and ": " separators, non-ASCII escaped as <c>\uXXXX</c>), the URL ends in
/// <c>sms/</c>, <c>send_sms</c> sends no <c>clientId</c> and no <c>allowUnicode</c>, and
/// <c>send_sms_unicode</c> adds <c>"allowUnicode": "true"</c> as a string. The python SDK has no
/// bulk call; the bulk shape is the php SDK's <c>sendBulkSms</c> (a JSON array of the same items,
/// <c>allowUnicode</c> a JSON bool).
/// </summary>
public sealed class SdkShapeTests
{
    private static async Task<(HttpStatusCode Status, JsonNode? Body)> PostRawAsync(SimulatorHarness sim, string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(json, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.UserAgent.ParseAdd("python-requests/2.31.0");
        using var response = await sim.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    [Fact]
    public async Task The_python_SDKs_send_sms_is_accepted()
    {
        await using var sim = await StartAsync();

        var (status, body) = await PostRawAsync(sim, "/sms/",
            """{"from": "My company", "to": "+34666666666", "text": "test message"}""");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.False(string.IsNullOrEmpty((string?)body!["entity"]!["id"]));
        var message = Assert.Single(await sim.MessagesAsync());
        Assert.Equal(("My company", "+34666666666", "test message", false), (message.From, message.To, message.Text, message.Unicode));
    }

    [Fact]
    public async Task The_python_SDKs_send_sms_unicode_is_accepted_and_sent_as_UCS2()
    {
        await using var sim = await StartAsync();

        // json.dumps({'from': …, 'to': …, 'text': 'test message áéíóú', 'allowUnicode': 'true'})
        var (status, _) = await PostRawAsync(sim, "/sms/",
            """{"from": "My company", "to": "+34666666666", "text": "test message \u00e1\u00e9\u00ed\u00f3\u00fa", "allowUnicode": "true"}""");

        Assert.Equal(HttpStatusCode.Created, status);
        var message = Assert.Single(await sim.MessagesAsync());
        Assert.Equal("test message áéíóú", message.Text);
        Assert.True(message.AllowUnicode);
        Assert.True(message.Unicode);
    }

    [Fact]
    public async Task The_same_shapes_are_accepted_on_the_transactional_paths()
    {
        await using var sim = await StartAsync();

        var (single, _) = await PostRawAsync(sim, "/transactional/v1/sms/",
            """{"from": "My company", "to": "+34666666666", "text": "\u00e1", "allowUnicode": "true", "clientId": "py-1"}""");

        Assert.Equal(HttpStatusCode.Created, single);
        Assert.True(Assert.Single(await sim.MessagesAsync(clientId: "py-1")).Unicode);
    }

    [Fact]
    public async Task A_bulk_of_the_SDK_items_is_accepted_item_by_item()
    {
        await using var sim = await StartAsync();
        var items = string.Join(", ", Enumerable.Range(0, 3).Select(i =>
            $$"""{"allowUnicode": true, "from": "test", "to": "+3464700000{{i}}", "text": "Unicode test multi \u00f1a \u00e9\u00e1\u00ed\u00f3\u00fa \ud83d\ude00"}"""));
        items += """, {"from": "test", "to": "+34647000009", "text": "plain", "allowUnicode": "1"}""";

        var (status, body) = await PostRawAsync(sim, "/transactional/v1/sms/bulk", "[" + items + "]");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(4, body!["entities"]!.AsArray().Count);
        Assert.Empty(body["errors"]!.AsArray());
        var messages = await sim.MessagesAsync();
        Assert.Equal(4, messages.Count);
        Assert.All(messages.Take(3), m => Assert.True(m.Unicode));
        Assert.Equal("Unicode test multi ña éáíóú 😀", messages[0].Text);
    }
}
