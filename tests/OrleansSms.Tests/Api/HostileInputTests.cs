using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using OrleansSms.Silo.Api;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Api;

/// <summary>
/// A corpus of hostile bodies, generated from each write route's valid body, sent to every JSON
/// route, the callback, the CSV import and the workflow definition: truncated and oversized
/// bodies, wrong types for every property, deep nesting, invalid UTF-8, control characters, huge
/// numbers, repeated keys, the wrong media type. Every answer is below 500; a refusal is a
/// problem+json naming what was wrong; and a refused request changes nothing that the route's
/// reads show (a body that happens to be valid may be taken, and then becomes the new state).
/// </summary>
[Collection(MemorySiloCollection.Name)]
public sealed class HostileInputTests(MemorySiloFixture silo, ITestOutputHelper output)
{
    private const string Token = "inst-hostile-token-0123456789abcdef";
    private const string GenericServerError = "The server could not answer this request";
    private readonly HttpClient _client = silo.Client;

    /// <summary>
    /// A write route: its valid body, its body limit, and the reads that show its state (compared
    /// before and after every refused request).
    /// </summary>
    public sealed record Route(string Name, HttpMethod Method, string Path, string ValidBody, int LimitBytes, string[] Reads);

    /// <summary>One hostile request: its bytes and media type, and whether the route must refuse it (and where it must say).</summary>
    public sealed record HostileCase(string Name, byte[] Body, string? ContentType = "application/json", bool MustRefuse = false, string? Field = null, bool Chunked = false, HttpStatusCode? Status = null);

    private async Task<Route[]> RoutesAsync(string store)
    {
        await (await _client.PutJsonAsync($"/api/stores/{store}/sms-channel", new { provider = "instasent", apiToken = Token, defaultCountry = "ES" })).ReadJsonAsync();
        var contact = Ids.Contact();
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/contacts/{contact}", """{"_mobilePhone":"+34600111222","fields":{"firstName":"Ana"}}""")).ReadJsonAsync();
        var newContact = Ids.Contact();
        var content = "c" + Ids.Contact()[..8];
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/sms/{content}", """{"name":"Hi","text":"Hola {{firstName}}"}""")).ReadJsonAsync();
        var workflow = "w" + Ids.Contact()[..8];
        const string Workflow = """{"name":"W","trigger":{"type":"manual"},"start":"pause","nodes":[{"id":"pause","type":"wait","duration":"P1D","next":"mark"},{"id":"mark","type":"updateContact","set":{"city":"Madrid","visits":2},"next":null}]}""";
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/{workflow}", Workflow)).ReadJsonAsync();
        var channelStore = Ids.Store();
        await (await _client.PutJsonAsync($"/api/stores/{channelStore}/sms-channel", new { provider = "instasent", apiToken = Token, defaultCountry = "ES" })).ReadJsonAsync();
        var channel = await (await _client.GetAsync($"/api/stores/{store}/sms-channel")).ReadJsonAsync();
        var callback = new Uri(channel.GetProperty("callbackUrl").GetString()!).AbsolutePath;
        var runId = Ids.Unique("run");
        var eventWorkflow = "e" + Ids.Contact()[..8];
        var newsletter = "n" + Ids.Contact()[..8];
        var variables = """{"firstName":{"from":"contact","field":"firstName","fallback":"there"}}""";
        var eventDefinition = $$"""{"name":"Order follow-up","trigger":{"type":"event","eventType":"purchase"},"start":"confirm","nodes":[{"id":"confirm","type":"sendSms","smsId":"{{content}}","recipient":{"type":"contact"},"kind":"transactional","senderName":"MyShop","variables":{{variables}},"next":"wait"},{"id":"wait","type":"wait","duration":"PT1H","next":"check"},{"id":"check","type":"smsReceived","smsId":"{{content}}","kind":"any","count":{"op":">=","value":1},"window":{"last":"P1D"},"yes":null,"no":"alert"},{"id":"alert","type":"sendSms","smsId":"{{content}}","recipient":{"type":"alert","phone":"+34600999000"},"kind":"transactional","senderName":"MyShop","variables":{{variables}},"next":null}]}""";
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/{eventWorkflow}", eventDefinition)).ReadJsonAsync();
        const string NewsletterDefinition = """{"name":"News","trigger":{"type":"newsletter","filter":{"field":"city","equals":"Madrid"},"at":"2030-01-01T09:00:00Z"},"start":"mark","nodes":[{"id":"mark","type":"updateContact","set":{"seen":true},"next":null}]}""";
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/{newsletter}", NewsletterDefinition)).ReadJsonAsync();

        await (await _client.PutRawJsonAsync($"/api/stores/{store}/webhooks/hostile", """{"url":"https://hooks.example.com/sms","events":["message.sent"]}""")).ReadJsonAsync();

        var contactPath = $"/api/stores/{store}/contacts/{contact}";
        return
        [
            new("channel", HttpMethod.Put, $"/api/stores/{channelStore}/sms-channel",
                $$"""{"provider":"instasent","apiToken":"{{Token}}","defaultCountry":"ES","throttlePerSecond":5,"softBounceLimit":3,"optOutKeywords":["STOP"],"maxSegments":4}""",
                BodyLimits.Small, [$"/api/stores/{channelStore}/sms-channel"]),
            new("contact", HttpMethod.Put, contactPath,
                """{"_mobilePhone":"+34600111333","_mobilePhoneStatus":"active","_smsSubscriptionStatus":"subscribed","fields":{"firstName":"Eva","age":30,"vip":true}}""",
                BodyLimits.Fields, [contactPath]),
            new("event", HttpMethod.Post, $"/api/stores/{store}/events",
                $$"""{"type":"contactInfo","contactId":"{{newContact}}","properties":{"city":"Madrid","orders":3},"eventId":"e1"}""",
                BodyLimits.Fields, [$"/api/stores/{store}/contacts/{newContact}"]),
            new("content", HttpMethod.Put, $"/api/stores/{store}/sms/{content}",
                """{"name":"Welcome","text":"Hola {{firstName}}"}""",
                BodyLimits.Small, [$"/api/stores/{store}/sms/{content}"]),
            new("analyze", HttpMethod.Post, "/api/sms/analyze", """{"text":"Hola {{firstName}}"}""", BodyLimits.Text, []),
            new("send", HttpMethod.Post, $"{contactPath}/sms",
                $$"""{"smsId":"{{content}}","senderName":"MyShop","kind":"transactional","variables":{"orderId":"A1","n":2},"idempotencyKey":"k1"}""",
                BodyLimits.Small, [$"{contactPath}/sms", contactPath]),
            new("alert", HttpMethod.Post, $"/api/stores/{store}/alerts",
                """{"to":"+34600999000","text":"Stock bajo","senderName":"Ops","idempotencyKey":"a1"}""",
                BodyLimits.Small, [$"/api/stores/{store}/alerts"]),
            new("workflow", HttpMethod.Put, $"/api/stores/{store}/workflows/{workflow}", Workflow,
                BodyLimits.Definition, [$"/api/stores/{store}/workflows/{workflow}"]),
            new("event workflow", HttpMethod.Put, $"/api/stores/{store}/workflows/{eventWorkflow}", eventDefinition,
                BodyLimits.Definition, [$"/api/stores/{store}/workflows/{eventWorkflow}"]),
            new("newsletter workflow", HttpMethod.Put, $"/api/stores/{store}/workflows/{newsletter}", NewsletterDefinition,
                BodyLimits.Definition, [$"/api/stores/{store}/workflows/{newsletter}"]),
            new("send text", HttpMethod.Post, $"{contactPath}/sms",
                """{"text":"Hola {{firstName}}","senderName":"+34600999111","kind":"newsletter","variables":{"firstName":"Eva"}}""",
                BodyLimits.Small, [$"{contactPath}/sms", contactPath]),
            new("event by email", HttpMethod.Post, $"/api/stores/{store}/events",
                """{"type":"purchase","properties":{"email":"hostile@example.test","orderId":"A1"}}""",
                BodyLimits.Fields, [$"/api/stores/{store}/workflows/{eventWorkflow}"]),
            new("run", HttpMethod.Post, $"/api/stores/{store}/workflows/{workflow}/runs",
                $$"""{"contactId":"{{contact}}","runId":"{{runId}}"}""",
                BodyLimits.Ids, [$"/api/stores/{store}/workflows/{workflow}/runs/{runId}", contactPath]),
            new("callback", HttpMethod.Post, callback,
                """{"id":"1","clientId":"x","status":"delivered","code":0,"eventAt":"2026-01-01T00:00:00Z"}""",
                BodyLimits.Small, [$"/api/stores/{store}/reports/unmatched", $"{contactPath}/sms", contactPath]),
            new("callback reply", HttpMethod.Post, callback,
                $$"""{"id":"2","clientId":"{{store}}:{{contact}}:0","message":"BAJA","eventAt":"2026-01-01T00:00:00Z"}""",
                BodyLimits.Small, [$"/api/stores/{store}/reports/unmatched", $"{contactPath}/sms", contactPath]),
            new("webhook", HttpMethod.Put, $"/api/stores/{store}/webhooks/hostile",
                """{"url":"https://hooks.example.com/sms","events":["message.sent","contact.bounced"],"enabled":true}""",
                BodyLimits.Small, [$"/api/stores/{store}/webhooks/hostile"]),
        ];
    }

    [Fact]
    public async Task Every_json_route_survives_its_hostile_corpus()
    {
        var failures = new List<string>();
        var count = 0;
        foreach (var route in await RoutesAsync(Ids.Store()))
        {
            foreach (var hostile in JsonCorpus(route.ValidBody, route.LimitBytes))
            {
                count++;
                await CheckAsync(route, hostile, failures);
            }
        }

        output.WriteLine($"{count} cases");
        Assert.True(failures.Count == 0, $"{failures.Count} of {count} cases failed:\n" + string.Join("\n", failures.Take(40)));
    }

    [Fact]
    public async Task Every_workflow_definition_that_cannot_run_is_refused_and_changes_nothing()
    {
        var route = (await RoutesAsync(Ids.Store())).Single(r => r.Name == "workflow");
        var failures = new List<string>();
        var cases = WorkflowCorpus().ToArray();
        foreach (var hostile in cases)
        {
            await CheckAsync(route, hostile, failures);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Length} cases failed:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_hostile_csv_is_answered_below_500_and_its_bad_lines_write_nothing()
    {
        var store = Ids.Store();
        await (await _client.PutJsonAsync($"/api/stores/{store}/sms-channel", new { provider = "instasent", apiToken = Token, defaultCountry = "ES" })).ReadJsonAsync();
        var failures = new List<string>();
        var cases = CsvCorpus().ToArray();
        foreach (var (name, body, contentType, badIds, mustRefuse) in cases)
        {
            var content = new ByteArrayContent(body);
            if (contentType is not null)
            {
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }

            var response = await _client.PostAsync($"/api/stores/{store}/contacts/import", content);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                failures.Add($"import {name}: {status} {text}");
                continue;
            }

            if (status >= 400)
            {
                if (ProblemFault(response, text, null) is { } fault)
                {
                    failures.Add($"import {name}: {fault}");
                }
            }
            else if (mustRefuse)
            {
                failures.Add($"import {name}: expected a refusal, got {status} {text}");
            }
            else
            {
                var answer = JsonDocument.Parse(text).RootElement;
                if (badIds.Length > 0 && answer.GetProperty("rejectedCount").GetInt32() < badIds.Length)
                {
                    failures.Add($"import {name}: {badIds.Length} bad lines, answer rejects fewer: {text}");
                }
            }

            foreach (var id in badIds)
            {
                var read = await _client.GetAsync($"/api/stores/{store}/contacts/{id}");
                if (read.StatusCode != HttpStatusCode.NotFound)
                {
                    failures.Add($"import {name}: bad line's contact '{id}' was written: {await read.Content.ReadAsStringAsync()}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Length} cases failed:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task Routes_that_take_no_body_and_a_wrong_callback_secret_shrug_off_hostile_bodies()
    {
        // These routes read no body: whatever comes, the answer is theirs (below 500, a 4xx a problem).
        var store = Ids.Store();
        await (await _client.PutJsonAsync($"/api/stores/{store}/sms-channel", new { provider = "instasent", apiToken = Token })).ReadJsonAsync();
        var workflow = "w" + Ids.Contact()[..8];
        await (await _client.PutRawJsonAsync($"/api/stores/{store}/workflows/{workflow}",
            """{"name":"W","trigger":{"type":"manual"},"start":"u","nodes":[{"id":"u","type":"updateContact","set":{"city":"Madrid"},"next":null}]}""")).ReadJsonAsync();
        var channel = await (await _client.GetAsync($"/api/stores/{store}/sms-channel")).ReadJsonAsync();
        var callback = new Uri(channel.GetProperty("callbackUrl").GetString()!).AbsolutePath;
        var wrongSecret = callback[..(callback.LastIndexOf('/') + 1)] + "not-the-secret";
        Route[] routes =
        [
            new("activate", HttpMethod.Post, $"/api/stores/{store}/workflows/{workflow}/activate", "{}", 0, []),
            new("deactivate", HttpMethod.Post, $"/api/stores/{store}/workflows/{workflow}/deactivate", "{}", 0, []),
            new("cancel", HttpMethod.Post, $"/api/stores/{store}/workflows/{workflow}/runs/no-such-run/cancel", "{}", 0, []),
            new("rotate", HttpMethod.Post, $"/api/stores/{Ids.Store()}/sms-channel/rotate-callback-secret", "{}", 0, []),
            new("rebuild", HttpMethod.Post, $"/api/stores/{store}/contacts/directory/rebuild", "{}", 0, []),
            new("wrong secret", HttpMethod.Post, wrongSecret, "{}", 0, [$"/api/stores/{store}/reports/unmatched"]),
        ];
        var cases = JsonCorpus("""{"id":"1","clientId":"x","status":"delivered"}""", BodyLimits.Small)
            .Select(c => c with { MustRefuse = false, Field = null, Status = null }).ToArray();
        var failures = new List<string>();
        foreach (var route in routes)
        {
            foreach (var hostile in cases)
            {
                await CheckAsync(route, hostile, failures);
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Length * routes.Length} cases failed:\n" + string.Join("\n", failures.Take(40)));
        var unmatched = await (await _client.GetAsync($"/api/stores/{store}/reports/unmatched")).ReadJsonAsync();
        Assert.Equal(0, unmatched.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task The_valid_bodies_the_corpus_grows_from_are_accepted()
    {
        // Every hostile case differs from one of these: they must pass, or the corpus proves nothing.
        foreach (var route in await RoutesAsync(Ids.Store()))
        {
            var response = await SendAsync(route, new HostileCase("valid", Encoding.UTF8.GetBytes(route.ValidBody)));
            Assert.True(response.IsSuccessStatusCode, $"{route.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private async Task CheckAsync(Route route, HostileCase hostile, List<string> failures)
    {
        // Which hostile bodies a route takes is worth reading when the corpus grows: the output lists them.
        var before = await SnapshotAsync(route);
        var response = await SendAsync(route, hostile);
        var text = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        var label = $"{route.Name} {hostile.Name}";
        if (status >= 500)
        {
            failures.Add($"{label}: {status} {Cut(text)}");
            return;
        }

        if (status < 400)
        {
            if (hostile.MustRefuse)
            {
                failures.Add($"{label}: expected a refusal, got {status} {Cut(text)}");
            }

            output.WriteLine($"taken: {label} ({status})");
            return;
        }

        if (hostile.Status is { } expected && response.StatusCode != expected)
        {
            failures.Add($"{label}: expected {(int)expected}, got {status} {Cut(text)}");
        }

        if (ProblemFault(response, text, hostile.MustRefuse ? hostile.Field : null) is { } fault)
        {
            failures.Add($"{label}: {fault}");
        }

        var after = await SnapshotAsync(route);
        for (var i = 0; i < before.Length; i++)
        {
            if (before[i] != after[i])
            {
                failures.Add($"{label}: refused ({status}) but {route.Reads[i]} changed:\n  before {Cut(before[i])}\n  after  {Cut(after[i])}");
            }
        }
    }

    /// <summary>Why a 4xx answer is not a problem that names what was wrong, or null when it is.</summary>
    private static string? ProblemFault(HttpResponseMessage response, string text, string? field)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{(int)response.StatusCode} is {response.Content.Headers.ContentType?.MediaType ?? "untyped"}, not a problem: {Cut(text)}";
        }

        JsonElement problem;
        try
        {
            problem = JsonDocument.Parse(text).RootElement;
        }
        catch (JsonException)
        {
            return $"the problem is not JSON: {Cut(text)}";
        }

        if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
        {
            var keys = errors.EnumerateObject().Where(e => e.Value.ValueKind == JsonValueKind.Array && e.Value.GetArrayLength() > 0 &&
                e.Value.EnumerateArray().All(m => !string.IsNullOrWhiteSpace(m.GetString()))).Select(e => e.Name).ToArray();
            if (keys.Length == 0)
            {
                return $"the problem's errors name nothing: {Cut(text)}";
            }

            if (field is not null && !keys.Any(key => Related(key, field)))
            {
                return $"the problem names {string.Join(", ", keys)}, not '{field}': {Cut(text)}";
            }

            return null;
        }

        var detail = problem.TryGetProperty("detail", out var d) ? d.GetString() : null;
        var title = problem.TryGetProperty("title", out var t) ? t.GetString() : null;
        if (string.IsNullOrWhiteSpace(detail) && string.IsNullOrWhiteSpace(title) || title == GenericServerError)
        {
            return $"the problem says nothing of what was wrong: {Cut(text)}";
        }

        return null;
    }

    /// <summary>An error under the field, one of its parents, or one inside it (a whole-body problem names <c>body</c>).</summary>
    private static bool Related(string key, string field) =>
        key == field || key == "body" ||
        field.StartsWith(key + ".", StringComparison.Ordinal) || field.StartsWith(key + "[", StringComparison.Ordinal) ||
        key.StartsWith(field + ".", StringComparison.Ordinal) || key.StartsWith(field + "[", StringComparison.Ordinal);

    private async Task<string[]> SnapshotAsync(Route route)
    {
        var reads = new string[route.Reads.Length];
        for (var i = 0; i < reads.Length; i++)
        {
            var response = await _client.GetAsync(route.Reads[i]);
            var text = await response.Content.ReadAsStringAsync();
            reads[i] = $"{(int)response.StatusCode} {Project(text)}";
        }

        return reads;
    }

    /// <summary>A list read as its length (an accepted send's status moves on by itself); anything else as it is.</summary>
    private static string Project(string text)
    {
        try
        {
            var root = JsonDocument.Parse(text).RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                return $"{root.GetArrayLength()} items";
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                return $"{items.GetArrayLength()} items";
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("traceId", out _))
            {
                // A problem (a 404): its trace id differs each time.
                return root.GetProperty("status").ToString();
            }
        }
        catch (JsonException)
        {
        }

        return text;
    }

    private Task<HttpResponseMessage> SendAsync(Route route, HostileCase hostile)
    {
        HttpContent content = hostile.Chunked ? new StreamContent(new NonSeekableStream(hostile.Body)) : new ByteArrayContent(hostile.Body);
        content.Headers.ContentType = null;
        if (hostile.ContentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", hostile.ContentType);
        }

        return _client.SendAsync(new HttpRequestMessage(route.Method, route.Path) { Content = content });
    }

    private static string Cut(string text) => text.Length > 300 ? text[..300] + "…" : text;

    // ---- The JSON corpus -------------------------------------------------------------------

    /// <summary>Values put in place of each property: the other JSON types, edge numbers, and strings the checks must refuse.</summary>
    private static readonly (string Name, string Raw, bool MustRefuse)[] Replacements =
    [
        ("string", "\"text\"", false),
        ("empty string", "\"\"", false),
        ("number", "12345", false),
        ("negative", "-1", false),
        ("fraction", "1.5", false),
        ("minus zero", "-0", false),
        ("true", "true", false),
        ("false", "false", false),
        ("null", "null", false),
        ("object", "{}", false),
        ("object with a value", "{\"x\":1}", false),
        ("array", "[]", false),
        ("mixed array", "[1,\"a\",null,{}]", false),
        ("1e400", "1e400", false),
        ("-1e400", "-1e400", false),
        ("2^64", "18446744073709551616", false),
        ("400 digits", "1" + new string('0', 400), false),
        ("tiny", "1e-400", false),
        ("NaN string", "\"NaN\"", false),
        ("Infinity string", "\"-Infinity\"", false),
        ("number string", "\"1e400\"", false),
        ("NUL", "\"a\\u0000b\"", true),
        ("bell", "\"a\\u0007b\"", true),
        ("escape sequence", "\"\\u001b[31mred\"", true),
        ("DEL", "\"a\\u007fb\"", true),
        ("C1", "\"a\\u0085b\"", true),
        ("lone high surrogate", "\"a\\ud800b\"", true),
        ("lone low surrogate", "\"\\udc00\"", true),
        ("reversed surrogates", "\"\\udc00\\ud800\"", true),
        ("string past the limit", "\"" + new string('a', 16_385) + "\"", true),
        ("bidi and zero-width", "\"\\u202e\\u200bAna\"", false),
        ("emoji", "\"\\ud83d\\ude00\"", false),
    ];

    public static IEnumerable<HostileCase> JsonCorpus(string validBody, int limitBytes)
    {
        var valid = Encoding.UTF8.GetBytes(validBody);
        var root = JsonNode.Parse(validBody)!.AsObject();
        var first = root.First();
        HttpStatusCode StatusFor(byte[] body) => body.Length > limitBytes ? HttpStatusCode.RequestEntityTooLarge : HttpStatusCode.BadRequest;

        // Not one JSON object.
        foreach (var (name, text) in new[]
        {
            ("empty", ""), ("whitespace", "  \n\t "), ("null", "null"), ("empty array", "[]"), ("array of the body", $"[{validBody}]"),
            ("string", "\"text\""), ("number", "0"), ("true", "true"), ("two objects", "{} {}"), ("object then garbage", validBody + "x"),
            ("lone comma", "{,}"), ("trailing comma", validBody[..^1] + ",}"), ("comment", "/* c */" + validBody),
            ("single quotes", validBody.Replace('"', '\'')), ("NaN", "NaN"), ("unquoted key", "{a:1}"), ("missing value", "{\"a\":}"),
            ("missing colon", "{\"a\" 1}"), ("close only", "}"), ("open only", "{"), ("xml", "<a>1</a>"), ("form", "a=1&b=2"),
        })
        {
            yield return new(name, Encoding.UTF8.GetBytes(text), MustRefuse: true, Field: "body", Status: HttpStatusCode.BadRequest);
        }

        // Truncated at a dozen cut points.
        var step = Math.Max(1, valid.Length / 12);
        for (var cut = 1; cut < valid.Length; cut += step)
        {
            yield return new($"truncated at {cut}", valid[..cut], MustRefuse: true, Field: "body", Status: HttpStatusCode.BadRequest);
        }

        yield return new("truncated before the last brace", valid[..^1], MustRefuse: true, Field: "body", Status: HttpStatusCode.BadRequest);

        // Every property: removed, and given each other kind of value.
        foreach (var path in Paths(root))
        {
            yield return new($"{path} removed", Encoding.UTF8.GetBytes(Without(validBody, path)));
            foreach (var (name, raw, mustRefuse) in Replacements)
            {
                yield return new($"{path} = {name}", Replace(validBody, path, Encoding.UTF8.GetBytes(raw)), MustRefuse: mustRefuse, Field: path);
            }
        }

        // Invalid UTF-8 inside the first string, and outside any string.
        var stringPath = Paths(root).First(p => Find(root, p) is JsonValue v && v.GetValueKind() == JsonValueKind.String);
        foreach (var (name, bytes) in new (string, byte[])[]
        {
            ("broken pair", [0xC3, 0x28]), ("lone FF", [0xFF]), ("encoded surrogate", [0xED, 0xA0, 0x80]), ("overlong slash", [0xC0, 0xAF]),
            ("past U+10FFFF", [0xF4, 0x90, 0x80, 0x80]), ("cut sequence", [0xE2, 0x82]), ("latin-1 e acute", [0x41, 0xE9]),
            ("raw control byte", [0x41, 0x01]), ("raw NUL", [0x00]), ("raw newline", [0x41, 0x0A]),
        })
        {
            yield return new($"{stringPath} has {name}", Replace(validBody, stringPath, [(byte)'"', .. bytes, (byte)'"']), MustRefuse: true, Field: stringPath, Status: HttpStatusCode.BadRequest);
        }

        yield return new("raw garbage", [0xFF, 0xFE, 0xFD, 0x00, 0x81], MustRefuse: true, Field: "body", Status: HttpStatusCode.BadRequest);
        yield return new("utf-16 body", Encoding.Unicode.GetBytes(validBody), MustRefuse: true, Field: "body", Status: HttpStatusCode.BadRequest);
        yield return new("utf-16 body with BOM", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(validBody)], MustRefuse: true, Field: "body", Status: HttpStatusCode.BadRequest);
        yield return new("utf-8 BOM", [0xEF, 0xBB, 0xBF, .. valid]);
        yield return new("invalid byte in a property name", [.. "{\""u8, 0xC3, 0x28, .. "\":1}"u8], MustRefuse: true, Status: HttpStatusCode.BadRequest);

        // Nesting far past the limit, and just past it.
        foreach (var depth in new[] { 17, 10_000 })
        {
            // Deep enough, the body is past a small route's limit first.
            var arrays = Encoding.UTF8.GetBytes($"{{\"{first.Key}\":{new string('[', depth)}{new string(']', depth)}}}");
            yield return new($"arrays {depth} deep", arrays, MustRefuse: true, Status: StatusFor(arrays));
            var objects = new StringBuilder();
            for (var i = 0; i < depth; i++)
            {
                objects.Append("{\"").Append(i == 0 ? first.Key : "a").Append("\":");
            }

            objects.Append('1').Append('}', depth);
            var nestedObjects = Encoding.UTF8.GetBytes(objects.ToString());
            yield return new($"objects {depth} deep", nestedObjects, MustRefuse: true, Status: StatusFor(nestedObjects));
            yield return new($"unclosed arrays {depth} deep", Encoding.UTF8.GetBytes(new string('[', depth)), MustRefuse: true, Field: "body", Status: HttpStatusCode.BadRequest);
        }

        // Repeated keys: the first property at the top, and a nested one.
        yield return new($"{first.Key} twice", Encoding.UTF8.GetBytes($"{{\"{first.Key}\":{first.Value?.ToJsonString() ?? "null"},{validBody[1..]}"), MustRefuse: true, Field: first.Key, Status: HttpStatusCode.BadRequest);
        yield return new($"{first.Key} twice, escaped", Encoding.UTF8.GetBytes($"{{\"{Escaped(first.Key)}\":{first.Value?.ToJsonString() ?? "null"},{validBody[1..]}"), MustRefuse: true, Field: first.Key, Status: HttpStatusCode.BadRequest);
        yield return new("a key twice", "{\"a\":1,\"a\":2}"u8.ToArray(), MustRefuse: true, Status: HttpStatusCode.BadRequest);
        if (Paths(root).FirstOrDefault(p => p.Contains('.', StringComparison.Ordinal) && !p.Contains('[', StringComparison.Ordinal)) is { } nested)
        {
            var value = Find(root, nested)!.ToJsonString();
            var cut = nested.LastIndexOf('.');
            var name = nested[(cut + 1)..];
            var body = Replace(validBody, nested, Encoding.UTF8.GetBytes($"{value},\"{name}\":{value}"));
            yield return new($"{nested} twice", body, MustRefuse: true, Field: nested, Status: HttpStatusCode.BadRequest);
        }

        // Hostile property names.
        yield return new("a property name past the limit", Encoding.UTF8.GetBytes($"{{\"{new string('k', 129)}\":1,{validBody[1..]}"), MustRefuse: true, Status: HttpStatusCode.BadRequest);
        yield return new("a property name with a control character", Encoding.UTF8.GetBytes($"{{\"a\\u0001\":1,{validBody[1..]}"), MustRefuse: true, Status: HttpStatusCode.BadRequest);
        yield return new("an empty property name", Encoding.UTF8.GetBytes($"{{\"\":1,{validBody[1..]}"));
        yield return new("257 properties", Encoding.UTF8.GetBytes("{" + string.Join(',', Enumerable.Range(0, 257).Select(i => $"\"p{i}\":{i}")) + "}"), MustRefuse: true, Status: HttpStatusCode.BadRequest);
        yield return new("an array of 100,000", Encoding.UTF8.GetBytes($"{{\"{first.Key}\":[{string.Join(',', Enumerable.Repeat('0', 100_000))}]}}"), MustRefuse: true);

        // Past the route's limit: valid JSON but for its length (trailing whitespace), told and untold.
        var padded = new byte[limitBytes + 1];
        padded.AsSpan().Fill((byte)' ');
        valid.CopyTo(padded, 0);
        yield return new($"{limitBytes + 1} bytes", padded, MustRefuse: true, Status: HttpStatusCode.RequestEntityTooLarge);
        yield return new($"{limitBytes + 1} bytes, chunked", padded, MustRefuse: true, Chunked: true, Status: HttpStatusCode.RequestEntityTooLarge);

        // The wrong media type for a body that would otherwise pass.
        foreach (var type in new string?[] { null, "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/csv", "application/jsonx", "json" })
        {
            yield return new($"as {type ?? "no media type"}", valid, type, MustRefuse: true, Status: HttpStatusCode.UnsupportedMediaType);
        }
    }

    // ---- The workflow corpus ----------------------------------------------------------------

    private static IEnumerable<HostileCase> WorkflowCorpus()
    {
        static HostileCase Case(string name, string nodes, string field, string start = "a", string trigger = """{"type":"manual"}""") =>
            new(name, Encoding.UTF8.GetBytes($$"""{"name":"W","trigger":{{trigger}},"start":"{{start}}","nodes":[{{nodes}}]}"""), MustRefuse: true, Field: field, Status: HttpStatusCode.BadRequest);

        const string Mark = """{"id":"b","type":"updateContact","set":{"city":"Madrid"},"next":null}""";
        yield return Case("a loop without a wait", """{"id":"a","type":"updateContact","set":{"x":"1"},"next":"b"},{"id":"b","type":"updateContact","set":{"x":"2"},"next":"a"}""", "nodes");
        yield return Case("a node that is its own next", """{"id":"a","type":"updateContact","set":{"x":"1"},"next":"a"}""", "nodes");
        yield return Case("a loop with a too short wait", """{"id":"a","type":"wait","duration":"PT1S","next":"b"},{"id":"b","type":"updateContact","set":{"x":"1"},"next":"a"}""", "nodes");
        yield return Case("an unknown node type", """{"id":"a","type":"launchRocket","next":null}""", "nodes");
        yield return Case("a node type of another case", """{"id":"a","type":"SENDSMS","next":null}""", "nodes");
        yield return Case("a next to a missing node", """{"id":"a","type":"wait","duration":"PT1H","next":"ghost"}""", "nodes");
        yield return Case("a yes to a missing node", """{"id":"a","type":"smsReceived","kind":"any","count":{"op":">=","value":1},"window":{"last":"P1D"},"yes":"ghost","no":null}""", "nodes");
        yield return Case("a start at a missing node", Mark, "start", start: "ghost");
        yield return Case("an empty start", Mark, "start", start: "");
        yield return Case("no nodes", "", "nodes", start: "a");
        yield return Case("two nodes with one id", """{"id":"a","type":"wait","duration":"PT1H","next":null},{"id":"a","type":"wait","duration":"PT2H","next":null}""", "nodes");
        yield return Case("an unreachable node", """{"id":"a","type":"wait","duration":"PT1H","next":null},""" + Mark, "nodes");
        yield return Case("a node without an id", """{"type":"wait","duration":"PT1H","next":null}""", "nodes");
        yield return Case("a node id with a dot", """{"id":"a.b","type":"wait","duration":"PT1H","next":null}""", "nodes", start: "a.b");
        yield return Case("a bad duration", """{"id":"a","type":"wait","duration":"one hour","next":null}""", "nodes");
        yield return Case("a negative duration", """{"id":"a","type":"wait","duration":"-PT1H","next":null}""", "nodes");
        yield return Case("a duration of ten thousand years", """{"id":"a","type":"wait","duration":"P10000Y","next":null}""", "nodes");
        yield return Case("a send of a missing content", """{"id":"a","type":"sendSms","smsId":"ghost","recipient":{"type":"contact"},"kind":"transactional","senderName":"MyShop","next":null}""", "nodes");
        yield return Case("a bad sender name", """{"id":"a","type":"sendSms","text":"Hola","recipient":{"type":"contact"},"kind":"transactional","senderName":"Way too long sender","next":null}""", "nodes");
        yield return Case("an unknown recipient type", """{"id":"a","type":"sendSms","text":"Hola","recipient":{"type":"everyone"},"kind":"transactional","senderName":"MyShop","next":null}""", "nodes");
        yield return Case("an alert to a bad phone", """{"id":"a","type":"sendSms","text":"Hola","recipient":{"type":"alert","phone":"12ab"},"kind":"transactional","senderName":"MyShop","next":null}""", "nodes");
        yield return Case("an unknown count op", """{"id":"a","type":"smsReceived","kind":"any","count":{"op":"~","value":1},"window":{"last":"P1D"},"yes":null,"no":null}""", "nodes");
        yield return Case("a count of 1e400", """{"id":"a","type":"smsReceived","kind":"any","count":{"op":">=","value":1e400},"window":{"last":"P1D"},"yes":null,"no":null}""", "nodes");
        yield return Case("a window of two kinds", """{"id":"a","type":"smsReceived","kind":"any","count":{"op":">=","value":1},"window":{"last":"P1D","on":"2026-01-01"},"yes":null,"no":null}""", "nodes");
        yield return Case("set of an object", """{"id":"a","type":"updateContact","set":{"city":{"name":"Madrid"}},"next":null}""", "nodes");
        yield return Case("set of a system-looking field", """{"id":"a","type":"updateContact","set":{"_secret":"x"},"next":null}""", "nodes");
        yield return Case("set of an inexact number", """{"id":"a","type":"updateContact","set":{"n":9007199254740993},"next":null}""", "nodes");
        yield return Case("nodes as an object", "", "nodes") with { Body = """{"name":"W","trigger":{"type":"manual"},"start":"a","nodes":{"a":{"type":"wait"}}}"""u8.ToArray() };
        yield return Case("an unknown trigger", """{"id":"a","type":"wait","duration":"PT1H","next":null}""", "trigger", trigger: """{"type":"cron"}""");
        yield return Case("an event trigger without a type", """{"id":"a","type":"wait","duration":"PT1H","next":null}""", "trigger", trigger: """{"type":"event"}""");
        yield return Case("a newsletter at no time", """{"id":"a","type":"wait","duration":"PT1H","next":null}""", "trigger", trigger: """{"type":"newsletter","at":"soon"}""");
        yield return Case("event variables without an event", """{"id":"a","type":"sendSms","text":"Hola {{orderId}}","recipient":{"type":"contact"},"kind":"transactional","senderName":"MyShop","variables":{"orderId":{"from":"event","property":"orderId"}},"next":null}""", "nodes");
        var many = string.Join(',', Enumerable.Range(0, 201).Select(i => $$"""{"id":"n{{i}}","type":"wait","duration":"PT1H","next":{{(i < 200 ? $"\"n{i + 1}\"" : "null")}}}"""));
        yield return Case("201 nodes", many, "nodes", start: "n0");
        var chain = string.Join(',', Enumerable.Range(0, 150).Select(i => $$"""{"id":"n{{i}}","type":"updateContact","set":{"x":"{{i}}"},"next":"n{{(i + 1) % 150}}"}"""));
        yield return Case("a loop of 150 nodes without a wait", chain, "nodes", start: "n0");
    }

    // ---- The CSV corpus ---------------------------------------------------------------------

    private static IEnumerable<(string Name, byte[] Body, string? ContentType, string[] BadIds, bool MustRefuse)> CsvCorpus()
    {
        static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
        static string Id(string name) => "bad" + name + Guid.NewGuid().ToString("N")[..10];
        const string Csv = "text/csv";

        var a = Id("utf8");
        yield return ("invalid UTF-8", [.. Utf8($"contactId,firstName\n{a},Jos"), 0xE9, .. Utf8("\n")], Csv, [a], false);
        var b = Id("nul");
        yield return ("NUL byte", Utf8($"contactId,firstName\n{b},An\0a\n"), Csv, [b], false);
        var c = Id("ctl");
        yield return ("escape sequence", Utf8($"contactId,firstName\n{c},\u001b[31mAna\n"), Csv, [c], false);
        var d = Id("quote");
        yield return ("unbalanced quote", Utf8($"contactId,firstName\n{d},\"Ana\n"), Csv, [d], false);
        var e = Id("quote2");
        yield return ("quote inside an unquoted cell", Utf8($"contactId,firstName\n{e},An\"a\n"), Csv, [e], false);
        var f = Id("huge");
        yield return ("huge line", Utf8($"contactId,firstName\n{f},{new string('x', 70_000)}\n"), Csv, [f], false);
        var g = Id("cols");
        yield return ("thousands of cells in a line", Utf8($"contactId,firstName\n{g},{string.Join(',', Enumerable.Repeat("x", 5_000))}\n"), Csv, [g], false);
        yield return ("thousands of columns in the header", Utf8("contactId," + string.Join(',', Enumerable.Range(0, 5_000).Select(i => $"f{i}")) + "\nx1,1\n"), Csv, [], true);
        var h = Id("num");
        yield return ("1e400 in a number column", Utf8($"contactId,age:number\n{h},1e400\n"), Csv, [h], false);
        var i2 = Id("exact");
        yield return ("an inexact number", Utf8($"contactId,age:number\n{i2},9007199254740993\n"), Csv, [i2], false);
        var j = Id("bool");
        yield return ("not a boolean", Utf8($"contactId,vip:boolean\n{j},perhaps\n"), Csv, [j], false);
        var k = Id("date");
        yield return ("not a date", Utf8($"contactId,birthday:date\n{k},yesterday\n"), Csv, [k], false);
        var l = Id("phone");
        yield return ("not a phone", Utf8($"contactId,_mobilePhone\n{l},12ab\n"), Csv, [l], false);
        var m = Id("status");
        yield return ("not a status", Utf8($"contactId,_smsSubscriptionStatus\n{m},maybe\n"), Csv, [m], false);
        yield return ("a bad contact id", Utf8("contactId,firstName\nhas.dot,Ana\n"), Csv, [], false);
        yield return ("a contact id too long", Utf8($"contactId,firstName\n{new string('x', 40)},Ana\n"), Csv, [new string('x', 32)], false);
        var n = Id("fewer");
        yield return ("fewer cells than the header", Utf8($"contactId,firstName,city\n{n},Ana\n"), Csv, [n], false);
        var o = Id("bom16");
        yield return ("UTF-16 LE with BOM", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes($"contactId,firstName\n{o},Ana\n")], Csv, [o], true);
        var p = Id("bom16be");
        yield return ("UTF-16 BE with BOM", [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes($"contactId,firstName\n{p},Ana\n")], Csv, [p], true);
        var q = Id("bom32");
        yield return ("UTF-32 LE with BOM", [0xFF, 0xFE, 0x00, 0x00, .. Encoding.UTF32.GetBytes($"contactId,firstName\n{q},Ana\n")], Csv, [q], true);
        yield return ("UTF-8 BOM twice", [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. Utf8("contactId,firstName\nbomtwice,Ana\n")], Csv, [], false);
        yield return ("a lone BOM", [0xEF, 0xBB, 0xBF], Csv, [], true);
        yield return ("a cut BOM", [0xEF, 0xBB, .. Utf8("contactId,firstName\ncutbom,Ana\n")], Csv, ["cutbom"], true);
        yield return ("empty", [], Csv, [], true);
        yield return ("only line breaks", Utf8("\n\r\n\r"), Csv, [], true);
        yield return ("a header without an id column", Utf8("firstName,city\nAna,Madrid\n"), Csv, [], true);
        yield return ("a header with an empty column", Utf8("contactId,,city\nnoname,Ana,Madrid\n"), Csv, ["noname"], true);
        yield return ("a header with a column twice", Utf8("contactId,city,city\ntwice,Madrid,Sevilla\n"), Csv, ["twice"], true);
        yield return ("a header with an unknown type", Utf8("contactId,age:integer\nbadtype,3\n"), Csv, ["badtype"], true);
        yield return ("a header with a control character", Utf8("contactId,fir\u0001st\nctlhead,Ana\n"), Csv, ["ctlhead"], true);
        yield return ("a header of invalid UTF-8", [.. Utf8("contactId,fir"), 0xFF, .. Utf8("st\nbadhead,Ana\n")], Csv, ["badhead"], true);
        yield return ("a header with an unbalanced quote", Utf8("contactId,\"firstName\nquotehead,Ana\n"), Csv, ["quotehead"], true);
        yield return ("a huge header", Utf8("contactId," + new string('f', 70_000) + "\nhugehead,Ana\n"), Csv, ["hugehead"], true);
        yield return ("binary", [0x00, 0x01, 0x02, 0xFF, 0xFE, 0x80, 0x0A, 0x00], Csv, [], true);
        yield return ("JSON as CSV", Utf8("""{"contactId":"json"}"""), Csv, ["json"], true);
        var r = Id("cut");
        yield return ("cut inside a quoted cell", Utf8($"contactId,firstName\n{r},\"An"), Csv, [r], false);
        yield return ("CSV as JSON", Utf8("contactId,firstName\nasjson,Ana\n"), "application/json", ["asjson"], true);
        yield return ("CSV with no media type", Utf8("contactId,firstName\nuntyped,Ana\n"), null, ["untyped"], true);
        yield return ("CSV as text", Utf8("contactId,firstName\nastext,Ana\n"), "text/plain", ["astext"], true);
    }

    // ---- JSON paths -------------------------------------------------------------------------

    /// <summary>Every property and array element below the root, as the error keys name them.</summary>
    private static IEnumerable<string> Paths(JsonNode node, string? prefix = null)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    var path = prefix is null ? name : $"{prefix}.{name}";
                    yield return path;
                    if (value is not null)
                    {
                        foreach (var inner in Paths(value, path))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var path = $"{prefix}[{i}]";
                    yield return path;
                    if (array[i] is { } value)
                    {
                        foreach (var inner in Paths(value, path))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
        }
    }

    private static JsonNode? Find(JsonNode root, string path)
    {
        var node = root;
        foreach (var (name, index) in Steps(path))
        {
            node = index is { } i ? node![i] : node![name!];
        }

        return node;
    }

    private static IEnumerable<(string? Name, int? Index)> Steps(string path)
    {
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[');
            var name = bracket < 0 ? part : part[..bracket];
            if (name.Length > 0)
            {
                yield return (name, null);
            }

            while (bracket >= 0)
            {
                var close = part.IndexOf(']', bracket);
                yield return (null, int.Parse(part[(bracket + 1)..close], System.Globalization.CultureInfo.InvariantCulture));
                bracket = part.IndexOf('[', close);
            }
        }
    }

    /// <summary>The body with the value at <paramref name="path"/> replaced by raw JSON bytes.</summary>
    private static byte[] Replace(string body, string path, byte[] raw)
    {
        const string Placeholder = "@@HOSTILE@@";
        var root = JsonNode.Parse(body)!;
        var steps = Steps(path).ToArray();
        var parent = root;
        foreach (var (name, index) in steps[..^1])
        {
            parent = index is { } i ? parent[i]! : parent[name!]!;
        }

        if (steps[^1].Index is { } last)
        {
            parent[last] = Placeholder;
        }
        else
        {
            parent[steps[^1].Name!] = Placeholder;
        }

        var text = root.ToJsonString();
        var at = text.IndexOf($"\"{Placeholder}\"", StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(text[..at]), .. raw, .. Encoding.UTF8.GetBytes(text[(at + Placeholder.Length + 2)..])];
    }

    private static string Without(string body, string path)
    {
        var root = JsonNode.Parse(body)!;
        var steps = Steps(path).ToArray();
        var parent = root;
        foreach (var (name, index) in steps[..^1])
        {
            parent = index is { } i ? parent[i]! : parent[name!]!;
        }

        if (steps[^1].Index is { } last)
        {
            parent.AsArray().RemoveAt(last);
        }
        else
        {
            parent.AsObject().Remove(steps[^1].Name!);
        }

        return root.ToJsonString();
    }

    /// <summary>A property name with its first letter as a <c>\u</c> escape: the same key to a JSON reader.</summary>
    private static string Escaped(string name) => $"\\u{(int)name[0]:x4}{name[1..]}";

    /// <summary>A body stream of unknown length, so the client sends it chunked.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
