using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansSms.Domain.Contacts;
using OrleansSms.Instasent;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Readme;

/// <summary>
/// Runs the README's "first five minutes" as written: the test reads the bash blocks of that
/// section from README.md and executes their curl lines over real HTTP against a silo started
/// with nothing configured beyond what the test needs to run beside others (its own ports, its
/// own SQLite file, and the README's <c>dev-key</c>, which the silo only grants by itself in
/// Development). Each answer is checked against what the README says it is, in order; a README
/// edit that changes the sequence or breaks a command fails here.
/// </summary>
public sealed class ReadmeWalkthroughTests : IAsyncLifetime
{
    /// <summary>Where the README's commands point: the zero-setup silo and its bundled simulator.</summary>
    private const string ReadmeApi = "http://127.0.0.1:5080";
    private const string ReadmeSimulator = "http://127.0.0.1:5081";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "orleans-sms-readme-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(2) };
    private SiloFactory _silo = null!;
    private Uri _simulator = null!;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        _silo = new SiloFactory(
            new Dictionary<string, string?>
            {
                ["Storage:SqlitePath"] = Path.Combine(_dataDirectory, "orleans-sms.db"),
                ["Api:Keys:2:Key"] = "dev-key",
            },
            kestrel: true);
        _silo.StartServer();
        _simulator = _silo.Services.GetRequiredService<InstasentEndpoint>().BaseAddress;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _silo.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the provider's pool: the temporary directory goes with the machine.
        }
    }

    [Fact]
    public async Task The_five_minute_walkthrough_runs_verbatim_and_every_answer_is_the_one_the_README_promises()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(FindRoot(), "README.md"));
        var blocks = ReadmeShell.BashBlocks(readme, "## The first five minutes");
        Assert.Equal(3, blocks.Count);

        var steps = new Queue<Step>(Steps());
        var shell = new ReadmeShell(request => ExecuteAsync(request, steps));
        foreach (var block in blocks)
        {
            await shell.RunAsync(block);
        }

        Assert.True(steps.Count == 0, $"the README stopped before these steps: {string.Join(", ", steps.Select(s => $"{s.Method} {s.Path}"))}");
        Assert.Equal("http://127.0.0.1:5080/api", shell.Variables["API"]);
        Assert.Equal("Authorization: Bearer dev-key", shell.Variables["AUTH"]);
        Assert.Matches("^[0-9a-f]{32}$", shell.Variables["RUN"]);
    }

    /// <summary>Every curl line of the walkthrough, in order, with what its answer must be.</summary>
    private IEnumerable<Step> Steps()
    {
        var luis = ContactIds.FromEmail("luis@example.com");

        // Connect the store's Instasent account: the token comes back masked, with a callback URL.
        yield return new("PUT", "/api/stores/demo/sms-channel", 200, body =>
        {
            Assert.Equal("••••oken", body.GetProperty("apiToken").GetString());
            Assert.DoesNotContain("your-instasent-token", body.GetRawText());
            Assert.StartsWith($"{_silo.PublicBaseUrl}/callbacks/instasent/demo/", body.GetProperty("callbackUrl").GetString());
            Assert.Equal("ES", body.GetProperty("defaultCountry").GetString());
        });

        // The national number is normalised to E.164 with the store's country.
        yield return new("PUT", "/api/stores/demo/contacts/ana", 200, body =>
        {
            Assert.Equal("+34600111222", body.GetProperty("_mobilePhone").GetString());
            Assert.Equal("subscribed", body.GetProperty("_smsSubscriptionStatus").GetString());
            Assert.Equal(3, body.GetProperty("fields").GetProperty("orders").GetDouble());
        });

        // Absent properties stay, null clears.
        yield return new("PUT", "/api/stores/demo/contacts/ana", 200, AssertMerged);
        yield return new("GET", "/api/stores/demo/contacts/ana", 200, AssertMerged);

        // Bad input: RFC 7807 naming the field and the value; nothing changes.
        yield return new("PUT", "/api/stores/demo/contacts/ana", 400, body =>
        {
            var messages = body.GetProperty("errors").GetProperty("_mobilePhone").EnumerateArray().Select(m => m.GetString()).ToList();
            Assert.Contains(messages, m => m!.Contains("'12ab'", StringComparison.Ordinal));
        }) { ProblemJson = true };

        // The import: Luis created, the bad line reported by number.
        yield return new("POST", "/api/stores/demo/contacts/import", 200, body =>
        {
            Assert.Equal(1, body.GetProperty("created").GetInt32());
            Assert.Equal(0, body.GetProperty("updated").GetInt32());
            Assert.Equal(1, body.GetProperty("rejectedCount").GetInt32());
            Assert.Equal(3, Assert.Single(body.GetProperty("rejected").EnumerateArray()).GetProperty("line").GetInt32());
        });

        // The contact-information tag writes Luis's last name, found by his email.
        yield return new("POST", "/api/stores/demo/events", 202, async body =>
        {
            Assert.Equal(luis, body.GetProperty("contactId").GetString());
            var contact = await JsonAsync($"{_silo.PublicBaseUrl}/api/stores/demo/contacts/{luis}");
            Assert.Equal("+34611223344", contact.GetProperty("_mobilePhone").GetString());
            Assert.Equal("subscribed", contact.GetProperty("_smsSubscriptionStatus").GetString());
            Assert.Equal("Luis", contact.GetProperty("fields").GetProperty("firstName").GetString());
            Assert.Equal("Gil", contact.GetProperty("fields").GetProperty("lastName").GetString());
            Assert.Equal(41, contact.GetProperty("fields").GetProperty("age").GetDouble());
        });

        // An SMS content and an analysis: GSM-7 for the welcome, UCS-2 for the text with "ó".
        yield return new("PUT", "/api/stores/demo/sms/welcome", 200, body =>
        {
            var analysis = body.GetProperty("analysis");
            Assert.Equal("gsm7", analysis.GetProperty("encoding").GetString());
            Assert.Equal(1, analysis.GetProperty("segments").GetInt32());
            Assert.Equal(new[] { "firstName" }, Strings(analysis.GetProperty("variables")));
        });
        yield return new("POST", "/api/sms/analyze", 200, body =>
        {
            Assert.Equal("ucs2", body.GetProperty("encoding").GetString());
            Assert.Equal(new[] { "ó" }, Strings(body.GetProperty("nonGsmCharacters")));
            Assert.Equal(1, body.GetProperty("segments").GetInt32());
        });

        // Send it to Ana: Instasent (the simulator) takes it, rendered.
        yield return new("POST", "/api/stores/demo/contacts/ana/sms", 200, body =>
        {
            Assert.Equal("sent", body.GetProperty("status").GetString());
            Assert.Equal("ana.1", body.GetProperty("clientId").GetString());
        });
        yield return new("GET", "sim:/_sim/messages?to=%2B34600111222", 200, body =>
        {
            var message = Assert.Single(body.EnumerateArray());
            Assert.Equal("Hola Ana, bienvenida a la tienda", message.GetProperty("text").GetString());
            Assert.Equal("MyShop", message.GetProperty("from").GetString());
            Assert.Equal("ana.1", message.GetProperty("clientId").GetString());
        });

        // A moment later, the delivery lands in Ana's history.
        yield return new("GET", "/api/stores/demo/contacts/ana/sms", 200, body =>
        {
            var entry = Assert.Single(body.EnumerateArray());
            Assert.Equal("welcome", entry.GetProperty("smsId").GetString());
            Assert.Equal("delivered", entry.GetProperty("status").GetString());
        }) { Until = body => body.EnumerateArray().Any(e => e.GetProperty("status").GetString() == "delivered") };

        // The next SMS to that number fails, and the report bounces Ana.
        yield return new("PUT", "sim:/_sim/outcomes", 200, body => Assert.Equal("failed", body.GetProperty("+34600111222").GetString()));
        yield return new("POST", "/api/stores/demo/contacts/ana/sms", 200, body =>
        {
            Assert.Equal("sent", body.GetProperty("status").GetString());
            Assert.Equal("ana.2", body.GetProperty("clientId").GetString());
        });
        yield return new("GET", "/api/stores/demo/contacts/ana", 200, body =>
        {
            Assert.Equal("bounced", body.GetProperty("_mobilePhoneStatus").GetString());
        }) { Until = body => body.GetProperty("_mobilePhoneStatus").GetString() == "bounced" };

        // Ana replies "Baja, gracias": the simulator posts it on the store's webhook, and the
        // keyword unsubscribes her; the reply is in her history.
        yield return new("POST", "sim:/_sim/inbound", 202, body => Assert.Equal("ana.2", body.GetProperty("clientId").GetString()));
        yield return new("GET", "/api/stores/demo/contacts/ana/sms", 200, body =>
        {
            var reply = body.EnumerateArray().First();
            Assert.Equal("inbound", reply.GetProperty("direction").GetString());
            Assert.Equal("Baja, gracias", reply.GetProperty("text").GetString());
            Assert.Equal("BAJA", reply.GetProperty("keyword").GetString());
        }) { Until = body => body.EnumerateArray().Any(e => e.GetProperty("direction").GetString() == "inbound") };
        yield return new("GET", "/api/stores/demo/contacts/ana", 200, body =>
            Assert.Equal("notSubscribed", body.GetProperty("_smsSubscriptionStatus").GetString()));

        // An alert goes to a fixed number.
        yield return new("POST", "/api/stores/demo/alerts", 200, async body =>
        {
            Assert.Equal("sent", body.GetProperty("status").GetString());
            var message = Assert.Single((await JsonAsync($"{_simulator}_sim/messages?to=%2B34600999000")).EnumerateArray());
            Assert.Equal("Stock bajo", message.GetProperty("text").GetString());
            Assert.Equal("Ops", message.GetProperty("from").GetString());
        });

        // The order workflow: content, definition, activation.
        yield return new("PUT", "/api/stores/demo/sms/order", 200, body =>
            Assert.Equal(new[] { "firstName", "orderId" }, Strings(body.GetProperty("analysis").GetProperty("variables"))));
        yield return new("PUT", "/api/stores/demo/workflows/orders", 200, body =>
        {
            Assert.Equal(1, body.GetProperty("version").GetInt32());
            Assert.Equal("event", body.GetProperty("trigger").GetString());
            Assert.Equal("purchase", body.GetProperty("eventType").GetString());
            Assert.False(body.GetProperty("active").GetBoolean());
        });
        yield return new("POST", "/api/stores/demo/workflows/orders/activate", 200, body => Assert.True(body.GetProperty("active").GetBoolean()));

        // The purchase event: 202 with the run it started, for Luis.
        yield return new("POST", "/api/stores/demo/events", 202, body =>
        {
            Assert.Equal(luis, body.GetProperty("contactId").GetString());
            var run = Assert.Single(body.GetProperty("runs").EnumerateArray());
            Assert.Equal("orders", run.GetProperty("workflowId").GetString());
            Assert.Matches("^[0-9a-f]{32}$", run.GetProperty("runId").GetString());
        });

        // The run's path: its Send SMS node sent Luis his confirmation with the event's orderId.
        yield return new("GET", "/api/stores/demo/workflows/orders/runs/*", 200, async body =>
        {
            Assert.Equal(luis, body.GetProperty("contactId").GetString());
            Assert.Equal("completed", body.GetProperty("status").GetString());
            var step = Assert.Single(body.GetProperty("path").EnumerateArray());
            Assert.Equal("confirm", step.GetProperty("nodeId").GetString());
            Assert.Equal("sent", step.GetProperty("outcome").GetString());
            var clientId = step.GetProperty("detail").GetString()!;
            var message = Assert.Single((await JsonAsync($"{_simulator}_sim/messages?clientId={Uri.EscapeDataString(clientId)}")).EnumerateArray());
            Assert.Equal("+34611223344", message.GetProperty("to").GetString());
            Assert.Equal("Hola Luis, pedido A1 confirmado", message.GetProperty("text").GetString());
        }) { Until = body => body.GetProperty("status").GetString() == "completed" };

        // The newsletter: Luis (subscribed) gets it, Ana (bounced) is skipped and counted.
        yield return new("PUT", "/api/stores/demo/workflows/weekly", 200, body => Assert.Equal("newsletter", body.GetProperty("trigger").GetString()));
        yield return new("POST", "/api/stores/demo/workflows/weekly/runs", 202, body => Assert.Equal("weekly-1", body.GetProperty("runId").GetString()));
        yield return new("GET", "/api/stores/demo/workflows/weekly/runs/weekly-1", 200, async body =>
        {
            Assert.Equal("completed", body.GetProperty("status").GetString());
            Assert.Equal(2, body.GetProperty("contacts").GetInt64());
            Assert.Equal(1, body.GetProperty("sent").GetInt64());
            Assert.Equal(1, body.GetProperty("skipped").GetProperty("bounced").GetInt64());
            Assert.Equal(0, body.GetProperty("skipped").GetProperty("notSubscribed").GetInt64());
            Assert.Equal(0, body.GetProperty("failed").GetInt64());
            var texts = (await JsonAsync($"{_simulator}_sim/messages?to=%2B34611223344")).EnumerateArray().Select(m => m.GetProperty("text").GetString()!).ToArray();
            Assert.Equal(new[] { "Hola Luis, pedido A1 confirmado", "Hola Luis, bienvenida a la tienda" }, texts);
        }) { Until = body => body.GetProperty("status").GetString() == "completed" };
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(v => v.GetString()!).ToArray();

    private static void AssertMerged(JsonElement contact)
    {
        var fields = contact.GetProperty("fields");
        Assert.False(fields.TryGetProperty("orders", out _), fields.GetRawText());
        Assert.Equal("Madrid", fields.GetProperty("city").GetString());
        Assert.Equal("Ana", fields.GetProperty("firstName").GetString());
        Assert.Equal("+34600111222", contact.GetProperty("_mobilePhone").GetString());
    }

    /// <summary>Sends one README curl line, polling it while the step waits for something asynchronous, and checks the answer.</summary>
    private async Task<string> ExecuteAsync(CurlRequest request, Queue<Step> steps)
    {
        var path = request.Url.StartsWith(ReadmeApi, StringComparison.Ordinal) ? request.Url[ReadmeApi.Length..]
            : request.Url.StartsWith(ReadmeSimulator, StringComparison.Ordinal) ? "sim:" + request.Url[ReadmeSimulator.Length..]
            : throw new InvalidOperationException($"README curl to an address that is neither the silo nor the simulator: {request.Url}");
        Assert.True(steps.Count > 0, $"the README goes on past the expected steps: {request.Method} {path}");
        var step = steps.Dequeue();
        Assert.Equal(step.Method, request.Method);
        Assert.True(
            step.Path.EndsWith('*') ? path.StartsWith(step.Path[..^1], StringComparison.Ordinal) : path == step.Path,
            $"expected {step.Method} {step.Path}, the README has {request.Method} {path}");

        var url = path.StartsWith("sim:", StringComparison.Ordinal)
            ? new Uri(_simulator, path["sim:/".Length..])
            : new Uri(_silo.PublicBaseUrl + path);
        var started = DateTime.UtcNow;
        var (status, mediaType, text) = await SendAsync(request, url);
        if (step.Until is { } until)
        {
            Assert.Equal("GET", request.Method);
            while (!(status == step.Status && until(JsonDocument.Parse(text).RootElement)) && DateTime.UtcNow - started < Deadline)
            {
                await Task.Delay(50);
                (status, mediaType, text) = await SendAsync(request, url);
            }
        }

        Assert.True(step.Status == status, $"{request.Method} {path}: expected {step.Status}, got {status}: {text}");
        if (step.ProblemJson)
        {
            Assert.Equal("application/problem+json", mediaType);
        }

        using (var document = JsonDocument.Parse(text))
        {
            await step.Check(document.RootElement.Clone());
        }

        return text;
    }

    private async Task<(int Status, string? MediaType, string Text)> SendAsync(CurlRequest request, Uri url)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), url);
        string? contentType = null;
        foreach (var (name, value) in request.Headers)
        {
            if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = value;
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (request.Body is not null)
        {
            // What curl -d sends: the bytes as given, form-encoded unless a Content-Type says otherwise.
            message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.Body));
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/x-www-form-urlencoded");
        }

        using var response = await _http.SendAsync(message);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> JsonAsync(string url)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, url);
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "dev-key");
        using var response = await _http.SendAsync(message);
        return await response.ReadJsonAsync();
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OrleansSms.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("OrleansSms.sln not found above the test's directory.");
    }

    /// <summary>One README curl line: what it must be, the answer it must get, and (for a GET) what to wait for first.</summary>
    private sealed record Step(string Method, string Path, int Status, Func<JsonElement, Task> Check)
    {
        public Step(string method, string path, int status, Action<JsonElement> check)
            : this(method, path, status, body =>
            {
                check(body);
                return Task.CompletedTask;
            })
        {
        }

        /// <summary>Polls the GET until this holds (an asynchronous outcome), then checks.</summary>
        public Func<JsonElement, bool>? Until { get; init; }

        public bool ProblemJson { get; init; }
    }
}
