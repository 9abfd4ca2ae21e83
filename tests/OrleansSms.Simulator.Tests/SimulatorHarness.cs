using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using OrleansSms.InstasentSimulator;

namespace OrleansSms.Simulator.Tests;

/// <summary>A simulator started in-process on a free loopback port, with a registered token.</summary>
internal sealed class SimulatorHarness : IAsyncDisposable
{
    public const string Token = "test-token";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private SimulatorHarness(WebApplication app, Uri baseAddress)
    {
        App = app;
        BaseAddress = baseAddress;
        Client = NewClient(Token);
        Anonymous = NewClient(null);
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    /// <summary>Calls with <c>Authorization: Bearer test-token</c>.</summary>
    public HttpClient Client { get; }

    /// <summary>Calls without a token (the /_sim routes need none).</summary>
    public HttpClient Anonymous { get; }

    public static async Task<SimulatorHarness> StartAsync(Action<SimulatorOptions>? configure = null, string? callbackUrl = null)
    {
        var options = new SimulatorOptions
        {
            Url = "http://127.0.0.1:0",
            DeliveryDelay = TimeSpan.FromMilliseconds(20),
            DuplicateReportRate = 0,
            CallbackRetryBaseDelay = TimeSpan.FromMilliseconds(30),
            CallbackRetryMaxDelay = TimeSpan.FromMilliseconds(200),
            CallbackConcurrency = 4,
        };
        options.Tokens[Token] = callbackUrl ?? "";
        configure?.Invoke(options);
        var app = InstasentSimulatorHost.Build(options);
        await app.StartAsync();
        return new SimulatorHarness(app, new Uri(app.Urls.Single()));
    }

    public HttpClient NewClient(string? token, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public static object Sms(string to, string text = "Hello", string? clientId = null, bool allowUnicode = false, string from = "MyShop") =>
        new { from, to, text, clientId, allowUnicode };

    public async Task<(HttpResponseMessage Response, JsonNode? Body)> PostAsync(string path, object body, HttpClient? client = null)
    {
        var response = await (client ?? Client).PostAsJsonAsync(path, body, Json);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public async Task<List<SimulatedMessage>> MessagesAsync(string? to = null, string? clientId = null)
    {
        var query = new List<string>();
        if (to is not null)
        {
            query.Add("to=" + Uri.EscapeDataString(to));
        }

        if (clientId is not null)
        {
            query.Add("clientId=" + Uri.EscapeDataString(clientId));
        }

        var url = "/_sim/messages" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        return (await Anonymous.GetFromJsonAsync<List<SimulatedMessage>>(url, Json))!;
    }

    public async Task<SimulatorStats> StatsAsync() =>
        (await Anonymous.GetFromJsonAsync<SimulatorStats>("/_sim/stats", Json))!;

    public async Task PutAsync(string path, object body)
    {
        using var response = await Anonymous.PutAsJsonAsync(path, body, Json);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Anonymous.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>Polls a condition until it holds or a deadline passes: no fixed sleeps.</summary>
internal static class Eventually
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not met in time: {what ?? "(unnamed)"}; last value {JsonSerializer.Serialize(value, SimulatorHarness.Json)}");
            }

            await Task.Delay(15);
        }
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan? timeout = null, string? what = null) =>
        UntilAsync(() => Task.FromResult(condition()), ok => ok, timeout, what);
}
