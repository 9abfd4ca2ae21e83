using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OrleansSms.Silo.Api;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Api;

/// <summary>
/// Each write route's own body limit, over real HTTP: a body of exactly the limit is read, one
/// byte more is a 413 problem naming the limit, whether its length is told or it comes chunked
/// (the answer reaches the client, not a reset connection), and nothing is stored.
/// </summary>
[Collection(SendingSiloCollection.Name)]
public sealed class BodyLimitTests(SendingSiloFixture silo)
{
    private readonly HttpClient _client = silo.Client;

    [Fact]
    public async Task Each_route_takes_a_body_up_to_its_limit_and_refuses_one_byte_more_naming_it()
    {
        var store = await silo.StoreAsync();
        var contact = Ids.Contact();
        var workflow = "w" + Ids.Contact()[..8];
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/{workflow}",
            """{"name":"W","trigger":{"type":"manual"},"start":"u","nodes":[{"id":"u","type":"updateContact","set":{"city":"Madrid"},"next":null}]}""")).ReadJsonAsync();
        (string Name, HttpMethod Method, string Path, string Body, int Limit, string? StoredAt)[] routes =
        [
            ("channel", HttpMethod.Put, $"/api/stores/{Ids.Store()}/sms-channel", """{"provider":"instasent","apiToken":"tok-limit-0123456789"}""", BodyLimits.Small, null),
            ("contact", HttpMethod.Put, $"/api/stores/{store}/contacts/{contact}", """{"fields":{"firstName":"Ana"}}""", BodyLimits.Fields, $"/api/stores/{store}/contacts/{contact}"),
            ("event", HttpMethod.Post, $"/api/stores/{store}/events", $$$"""{"type":"contactInfo","contactId":"{{{contact}}}x","properties":{"city":"Madrid"}}""", BodyLimits.Fields, $"/api/stores/{store}/contacts/{contact}x"),
            ("content", HttpMethod.Put, $"/api/stores/{store}/sms/limit", """{"name":"Hi","text":"Hola"}""", BodyLimits.Small, $"/api/stores/{store}/sms/limit"),
            ("analyze", HttpMethod.Post, "/api/sms/analyze", """{"text":"Hola"}""", BodyLimits.Text, null),
            ("send", HttpMethod.Post, $"/api/stores/{store}/contacts/{contact}/sms", """{"text":"Hola","senderName":"MyShop"}""", BodyLimits.Small, null),
            ("alert", HttpMethod.Post, $"/api/stores/{store}/alerts", """{"to":"+34600999000","text":"Hola","senderName":"Ops"}""", BodyLimits.Small, null),
            ("workflow", HttpMethod.Put, $"/api/stores/{store}/workflows/{workflow}z", """{"name":"W","trigger":{"type":"manual"},"start":"u","nodes":[{"id":"u","type":"updateContact","set":{"city":"Madrid"},"next":null}]}""", BodyLimits.Definition, $"/api/stores/{store}/workflows/{workflow}z"),
            ("run", HttpMethod.Post, $"/api/stores/{store}/workflows/{workflow}/runs", $$"""{"contactId":"{{contact}}","runId":"limit-run"}""", BodyLimits.Ids, $"/api/stores/{store}/workflows/{workflow}/runs/limit-run"),
        ];

        Assert.True(BodyLimits.Ids < BodyLimits.Small && BodyLimits.Small < BodyLimits.Fields && BodyLimits.Fields < BodyLimits.Definition);
        foreach (var route in routes)
        {
            foreach (var chunked in new[] { false, true })
            {
                var over = await SendAsync(route.Method, route.Path, Padded(route.Body, route.Limit + 1), chunked);
                var problem = await over.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
                Assert.Contains($"at most {route.Limit} bytes", problem.GetProperty("detail").GetString());
                if (route.StoredAt is { } path)
                {
                    Assert.True((await _client.GetAsync(path)).StatusCode == HttpStatusCode.NotFound, $"{route.Name}: {path} was stored by a body past the limit");
                }
            }
        }

        // A body of exactly the limit is read and answered as its content deserves (the padding is whitespace).
        foreach (var route in routes)
        {
            var at = await SendAsync(route.Method, route.Path, Padded(route.Body, route.Limit), chunked: true);
            Assert.True(at.IsSuccessStatusCode, $"{route.Name}: {(int)at.StatusCode} {await at.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task A_callback_past_its_limit_is_a_413_and_changes_nothing()
    {
        var store = await silo.StoreAsync();
        var channel = await (await _client.GetAsync($"/api/stores/{store}/sms-channel")).ReadJsonAsync();
        var callback = new Uri(channel.GetProperty("callbackUrl").GetString()!).AbsolutePath;
        const string Report = """{"id":"1","clientId":"x","status":"delivered"}""";
        foreach (var chunked in new[] { false, true })
        {
            var problem = await (await SendAsync(HttpMethod.Post, callback, Padded(Report, BodyLimits.Small + 1), chunked)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
            Assert.Contains($"at most {BodyLimits.Small} bytes", problem.GetProperty("detail").GetString());
        }

        var unmatched = await (await _client.GetAsync($"/api/stores/{store}/reports/unmatched")).ReadJsonAsync();
        Assert.Equal(0, unmatched.GetProperty("items").GetArrayLength());
    }

    /// <summary>The body followed by spaces up to <paramref name="length"/> bytes: valid JSON of that size.</summary>
    private static byte[] Padded(string body, int length)
    {
        var bytes = new byte[length];
        bytes.AsSpan().Fill((byte)' ');
        Encoding.UTF8.GetBytes(body).CopyTo(bytes, 0);
        return bytes;
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, byte[] body, bool chunked)
    {
        HttpContent content = chunked ? new StreamContent(new NonSeekableStream(body)) : new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return _client.SendAsync(new HttpRequestMessage(method, path) { Content = content });
    }

    /// <summary>A body stream of unknown length, so the client sends it chunked.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
