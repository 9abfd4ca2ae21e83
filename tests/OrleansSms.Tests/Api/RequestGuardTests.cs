using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Api;

/// <summary>
/// What a hostile client sends, to every JSON route and the callback: invalid UTF-8, a chunked
/// body past the limit, the wrong media type, repeated keys, unknown properties, control
/// characters, unknown paths and methods. Every answer is a 4xx problem+json that names where,
/// carries no secret, header or stack trace, and nothing is stored.
/// </summary>
[Collection(MemorySiloCollection.Name)]
public sealed class RequestGuardTests(MemorySiloFixture silo)
{
    private const string Token = "inst-guard-token-0123456789abcdef";
    private readonly HttpClient _client = silo.Client;

    /// <summary>A JSON route: where it is, a body it takes, and the read that shows whether it stored anything.</summary>
    public sealed record JsonRoute(string Name, HttpMethod Method, string Path, string ValidBody, string? StoredAt, string StringField);

    /// <summary>Each JSON route, with a store that has a channel (so only the body can be wrong).</summary>
    private async Task<JsonRoute[]> RoutesAsync(string store)
    {
        await (await _client.PutJsonAsync($"/api/stores/{store}/sms-channel", new { provider = "instasent", apiToken = Token, defaultCountry = "ES" })).ReadJsonAsync();
        var contact = Ids.Contact();
        var content = "c" + Ids.Contact()[..8];
        var workflow = "w" + Ids.Contact()[..8];
        var callback = await CallbackPathAsync(store);
        var unconfigured = Ids.Store();
        return
        [
            new("contact", HttpMethod.Put, $"/api/stores/{store}/contacts/{contact}", """{"fields":{"firstName":"Ana"}}""", $"/api/stores/{store}/contacts/{contact}", "fields.firstName"),
            new("channel", HttpMethod.Put, $"/api/stores/{unconfigured}/sms-channel", $$"""{"provider":"instasent","apiToken":"{{Token}}"}""", $"/api/stores/{unconfigured}/sms-channel", "provider"),
            new("content", HttpMethod.Put, $"/api/stores/{store}/sms/{content}", """{"name":"Hi","text":"Hola"}""", $"/api/stores/{store}/sms/{content}", "name"),
            new("analyze", HttpMethod.Post, "/api/sms/analyze", """{"text":"Hola"}""", null, "text"),
            new("send", HttpMethod.Post, $"/api/stores/{store}/contacts/{contact}/sms", """{"text":"Hola","senderName":"MyShop"}""", $"/api/stores/{store}/contacts/{contact}", "text"),
            new("alert", HttpMethod.Post, $"/api/stores/{store}/alerts", """{"to":"+34600999000","text":"Hola","senderName":"Ops"}""", null, "text"),
            new("event", HttpMethod.Post, $"/api/stores/{store}/events", $$$"""{"type":"contactInfo","contactId":"{{{contact}}}","properties":{"city":"Madrid"}}""", $"/api/stores/{store}/contacts/{contact}", "type"),
            new("workflow", HttpMethod.Put, $"/api/stores/{store}/workflows/{workflow}", """{"name":"W","trigger":{"type":"manual"},"start":"u","nodes":[{"id":"u","type":"updateContact","set":{"city":"Madrid"},"next":null}]}""", $"/api/stores/{store}/workflows/{workflow}", "name"),
            new("run", HttpMethod.Post, $"/api/stores/{store}/workflows/{workflow}/runs", $$"""{"contactId":"{{contact}}"}""", null, "contactId"),
            new("callback", HttpMethod.Post, callback, """{"id":"1","clientId":"x","status":"delivered"}""", null, "status"),
        ];
    }

    private async Task<string> CallbackPathAsync(string store)
    {
        var channel = await (await _client.GetAsync($"/api/stores/{store}/sms-channel")).ReadJsonAsync();
        return new Uri(channel.GetProperty("callbackUrl").GetString()!).AbsolutePath;
    }

    private Task<HttpResponseMessage> SendAsync(JsonRoute route, HttpContent content) =>
        _client.SendAsync(new HttpRequestMessage(route.Method, route.Path) { Content = content });

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>A 4xx problem+json that echoes no key, token, header or exception.</summary>
    private static async Task<JsonElement> AssertCleanProblemAsync(HttpResponseMessage response, HttpStatusCode status, string route)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{route}: expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        foreach (var secret in new[] { SiloFactory.AllStoresKey, Token, "Exception", "   at ", ".cs:line" })
        {
            Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task AssertNothingStoredAsync(JsonRoute route)
    {
        if (route.StoredAt is { } path)
        {
            var response = await _client.GetAsync(path);
            Assert.True(HttpStatusCode.NotFound == response.StatusCode, $"{route.Name}: {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static void AssertErrorAt(JsonElement problem, string field, string mention, string route)
    {
        Assert.True(problem.TryGetProperty("errors", out var errors), $"{route}: {problem}");
        Assert.True(errors.TryGetProperty(field, out var messages), $"{route}: no error for '{field}' in {errors}");
        Assert.Contains(mention, string.Join(" | ", messages.EnumerateArray().Select(m => m.GetString())));
    }

    /// <summary>The valid body with the route's string field set to raw JSON string bytes (quotes included).</summary>
    private static byte[] WithString(JsonRoute route, byte[] rawJsonString)
    {
        var names = route.StringField.Split('.');
        var node = System.Text.Json.Nodes.JsonNode.Parse(route.ValidBody)!;
        var parent = node;
        foreach (var name in names[..^1])
        {
            parent = parent[name]!;
        }

        parent[names[^1]] = "@@PLACEHOLDER@@";
        var text = node.ToJsonString();
        var at = text.IndexOf("\"@@PLACEHOLDER@@\"", StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(text[..at]), .. rawJsonString, .. Encoding.UTF8.GetBytes(text[(at + "\"@@PLACEHOLDER@@\"".Length)..])];
    }

    [Fact]
    public async Task The_valid_bodies_of_the_probes_are_accepted()
    {
        // The probes below differ from these bodies in one thing only: these must pass, or the
        // probes would prove nothing.
        foreach (var route in await RoutesAsync(Ids.Store()))
        {
            var response = await SendAsync(route, Json(Encoding.UTF8.GetBytes(route.ValidBody)));
            Assert.True(response.IsSuccessStatusCode, $"{route.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task Invalid_utf8_in_a_string_is_a_400_naming_where_and_stores_nothing()
    {
        foreach (var route in await RoutesAsync(Ids.Store()))
        {
            var body = WithString(route, [(byte)'"', 0xC3, 0x28, (byte)'"']);
            var problem = await AssertCleanProblemAsync(await SendAsync(route, Json(body)), HttpStatusCode.BadRequest, route.Name);
            AssertErrorAt(problem, route.StringField, "not valid UTF-8", route.Name);
            await AssertNothingStoredAsync(route);
        }
    }

    [Fact]
    public async Task An_escaped_lone_surrogate_is_refused_like_invalid_utf8()
    {
        var route = (await RoutesAsync(Ids.Store()))[0];
        var problem = await AssertCleanProblemAsync(await SendAsync(route, Json(WithString(route, Encoding.UTF8.GetBytes("\"\\ud800\"")))), HttpStatusCode.BadRequest, route.Name);
        AssertErrorAt(problem, route.StringField, "not valid UTF-8", route.Name);
        await AssertNothingStoredAsync(route);
    }

    [Fact]
    public async Task A_chunked_body_past_the_limit_is_a_413_and_stores_nothing()
    {
        foreach (var route in await RoutesAsync(Ids.Store()))
        {
            // 200,000 fields, 2.5 MB, with no Content-Length: the limit is counted while reading.
            var fields = string.Join(',', Enumerable.Range(0, 200_000).Select(i => $"\"f{i}\":{i}"));
            var body = Encoding.UTF8.GetBytes("{\"fields\":{" + fields + "}}");
            var content = new StreamContent(new NonSeekableStream(body));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var response = await SendAsync(route, content);
            Assert.Null(content.Headers.ContentLength);
            await AssertCleanProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, route.Name);
            await AssertNothingStoredAsync(route);
        }
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task A_body_that_is_not_json_by_its_media_type_is_a_415(string? mediaType)
    {
        foreach (var route in await RoutesAsync(Ids.Store()))
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(route.ValidBody));
            content.Headers.ContentType = mediaType is null ? null : new MediaTypeHeaderValue(mediaType);
            await AssertCleanProblemAsync(await SendAsync(route, content), HttpStatusCode.UnsupportedMediaType, route.Name);
            await AssertNothingStoredAsync(route);
        }
    }

    [Fact]
    public async Task A_repeated_key_is_refused_on_every_route()
    {
        foreach (var route in await RoutesAsync(Ids.Store()))
        {
            // The first property of the valid body, given twice.
            var first = JsonDocument.Parse(route.ValidBody).RootElement.EnumerateObject().First();
            var body = "{" + $"\"{first.Name}\":{first.Value.GetRawText()}," + route.ValidBody[1..];
            var problem = await AssertCleanProblemAsync(await SendAsync(route, Json(Encoding.UTF8.GetBytes(body))), HttpStatusCode.BadRequest, route.Name);
            AssertErrorAt(problem, first.Name, "appears twice", route.Name);
            await AssertNothingStoredAsync(route);
        }
    }

    [Fact]
    public async Task An_unknown_property_is_refused_on_every_route_of_ours()
    {
        // Instasent's reports are the exception: Instasent may add properties to them at any time.
        foreach (var route in (await RoutesAsync(Ids.Store())).Where(r => r.Name != "callback"))
        {
            var body = route.ValidBody[..^1] + ""","nickname":"Ana"}""";
            var problem = await AssertCleanProblemAsync(await SendAsync(route, Json(Encoding.UTF8.GetBytes(body))), HttpStatusCode.BadRequest, route.Name);
            AssertErrorAt(problem, "nickname", "not", route.Name);
            await AssertNothingStoredAsync(route);
        }
    }

    [Theory]
    [InlineData("\\u0000")]
    [InlineData("\\u0007")]
    [InlineData("\\u001b[31m")]
    [InlineData("\\u007f")]
    public async Task A_control_character_in_a_string_is_refused(string escaped)
    {
        foreach (var route in await RoutesAsync(Ids.Store()))
        {
            var body = WithString(route, Encoding.UTF8.GetBytes($"\"Ana{escaped}\""));
            var problem = await AssertCleanProblemAsync(await SendAsync(route, Json(body)), HttpStatusCode.BadRequest, route.Name);
            AssertErrorAt(problem, route.StringField, "control character", route.Name);
            await AssertNothingStoredAsync(route);
        }
    }

    [Fact]
    public async Task A_newline_is_text_in_an_sms_but_not_in_a_name_a_sender_or_a_key()
    {
        var store = Ids.Store();
        await (await _client.PutJsonAsync($"/api/stores/{store}/sms-channel", new { provider = "instasent", apiToken = Token })).ReadJsonAsync();
        var saved = await (await _client.PutRawJsonAsync($"/api/stores/{store}/sms/two-lines", """{"name":"Two lines","text":"Hola\nadiós"}""")).ReadJsonAsync();
        Assert.Equal("Hola\nadiós", saved.GetProperty("text").GetString());

        await (await _client.PutRawJsonAsync($"/api/stores/{store}/sms/bad-name", """{"name":"Two\nlines","text":"Hola"}"""))
            .AssertValidationProblemAsync("name", "one line");
        await (await _client.PostRawJsonAsync($"/api/stores/{store}/alerts", """{"to":"+34600999000","text":"Hola","senderName":"Ops\n","idempotencyKey":"a\tb"}"""))
            .AssertValidationProblemAsync("idempotencyKey", "one line");
        await (await _client.PostRawJsonAsync($"/api/stores/{store}/events", """{"type":"pur\nchase","contactId":"ana"}"""))
            .AssertValidationProblemAsync("type", "one line");
        await (await _client.GetAsync($"/api/stores/{store}/sms/bad-name")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_body_that_is_not_one_json_object_is_a_400()
    {
        var route = (await RoutesAsync(Ids.Store()))[0];
        foreach (var body in new[] { "", "[]", "\"text\"", "{} {}", "{\"fields\":{}", "{\"a\":1,}" })
        {
            var problem = await AssertCleanProblemAsync(await SendAsync(route, Json(Encoding.UTF8.GetBytes(body))), HttpStatusCode.BadRequest, body);
            AssertErrorAt(problem, "body", "", body);
        }

        await AssertNothingStoredAsync(route);
    }

    [Fact]
    public async Task Too_many_fields_for_one_contact_are_refused_naming_the_limit()
    {
        var route = (await RoutesAsync(Ids.Store()))[0];
        var fields = string.Join(',', Enumerable.Range(0, 201).Select(i => $"\"f{i}\":{i}"));
        var problem = await AssertCleanProblemAsync(await SendAsync(route, Json(Encoding.UTF8.GetBytes("{\"fields\":{" + fields + "}}"))), HttpStatusCode.BadRequest, route.Name);
        AssertErrorAt(problem, "fields", "at most 200", route.Name);
        await AssertNothingStoredAsync(route);
    }

    [Theory]
    [InlineData("GET", "/api/stores/demo/nothing-here")]
    [InlineData("GET", "/nothing-here")]
    [InlineData("DELETE", "/api/stores/demo/sms-channel")]
    [InlineData("PATCH", "/api/stores/demo/contacts/ana")]
    [InlineData("GET", "/callbacks/instasent/demo/secret")]
    public async Task An_unknown_path_or_method_is_a_problem_not_an_empty_answer(string method, string path)
    {
        var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.True((int)response.StatusCode is 404 or 405, $"{method} {path}: {(int)response.StatusCode}");
        await AssertCleanProblemAsync(response, response.StatusCode, $"{method} {path}");
    }

    [Fact]
    public async Task A_bad_route_id_is_a_400_naming_it_before_any_body_is_read()
    {
        var response = await _client.PutRawJsonAsync("/api/stores/demo/contacts/has.dot", "not even json");
        var problem = await AssertCleanProblemAsync(response, HttpStatusCode.BadRequest, "contactId");
        AssertErrorAt(problem, "contactId", "'has.dot'", "contactId");
        Assert.False(problem.GetProperty("errors").TryGetProperty("body", out _));
    }

    [Fact]
    public async Task A_missing_key_is_a_401_problem()
    {
        using var anonymous = silo.Factory.CreateClient();
        var response = await anonymous.GetAsync("/api/stores/demo/sms-channel");
        await AssertCleanProblemAsync(response, HttpStatusCode.Unauthorized, "no key");
    }

    /// <summary>A body stream of unknown length, so the client sends it chunked.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}

/// <summary>A failure inside the silo, in Development, where ASP.NET Core would show its developer page.</summary>
public sealed class ServerErrorAnswerTests
{
    private const string StorageSecret = "Password=hunter2-storage-secret";

    [Fact]
    public async Task A_storage_failure_is_a_500_problem_without_exception_text_even_in_development()
    {
        await using var factory = new SiloFactory(
            services: services => services.AddKeyedSingleton<Orleans.Storage.IGrainStorage>("sms", new FailingStorage()),
            environment: "Development");
        using var client = factory.CreateAuthorizedClient();
        var response = await client.PutJsonAsync($"/api/stores/{Ids.Store()}/sms/{Ids.Contact()}", new { name = "Hi", text = "Hola" });

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(HttpStatusCode.InternalServerError == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        foreach (var leak in new[] { StorageSecret, "hunter2", SiloFactory.AllStoresKey, "Exception", "   at ", ".cs:line", "FailingStorage" })
        {
            Assert.DoesNotContain(leak, body, StringComparison.Ordinal);
        }

        Assert.True(JsonDocument.Parse(body).RootElement.TryGetProperty("traceId", out _), body);
    }

    private sealed class FailingStorage : Orleans.Storage.IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            throw new InvalidOperationException($"Failed to connect: Host=db;{StorageSecret}");

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;
    }
}
