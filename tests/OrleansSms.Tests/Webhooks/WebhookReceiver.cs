using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OrleansSms.Tests.Webhooks;

/// <summary>One request a <see cref="WebhookReceiver"/> endpoint got, in the order of arrival, with the status it answered (0 while it hangs).</summary>
public sealed record ReceivedDelivery(int Sequence, byte[] Body, string? Signature, int Status)
{
    public JsonElement Json { get; } = JsonDocument.Parse(Body).RootElement.Clone();

    public string Id => Json.GetProperty("id").GetString()!;

    public string Type => Json.GetProperty("type").GetString()!;

    public JsonElement Data => Json.GetProperty("data");

    public string ContactId => Data.GetProperty("contactId").GetString()!;

    public bool Delivered => Status is >= 200 and < 300;

    /// <summary>
    /// The documented recipe, done by hand: the hex HMAC-SHA256, keyed with the secret's UTF-8
    /// bytes, of the header's <c>t</c>, a dot and the raw body; compared with the header's <c>v1</c>.
    /// </summary>
    public bool SignedWith(string secret)
    {
        var parts = (Signature ?? "").Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1))
        {
            return false;
        }

        var signed = Encoding.UTF8.GetBytes(t + ".").Concat(Body).ToArray();
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(v1));
    }
}

/// <summary>
/// A store's own system, as a test plays it: a Kestrel app on a loopback port with named
/// endpoints (<c>POST /hooks/{name}</c>) that answer 200, answer a script of statuses, fail the
/// first attempts of the first event they see, or hang until the receiver is disposed.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Endpoint> _endpoints = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private int _sequence;

    private WebhookReceiver(WebApplication app) => _app = app;

    private sealed class Endpoint
    {
        public readonly List<ReceivedDelivery> Received = [];
        public readonly Queue<int> Script = new();
        public bool Hangs;
        public string? FailingEvent;
        public int FailFirst;
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks/{name}", receiver.ReceiveAsync);
        await app.StartAsync();
        return receiver;
    }

    public string Url(string name) => $"{_app.Urls.First()}/hooks/{name}";

    /// <summary>The endpoint's first requests get these statuses, in order; the rest 200.</summary>
    public void Answer(string name, params int[] statuses)
    {
        var endpoint = EndpointOf(name);
        lock (endpoint)
        {
            foreach (var status in statuses)
            {
                endpoint.Script.Enqueue(status);
            }
        }
    }

    /// <summary>The first event the endpoint sees is answered 500 for its first <paramref name="times"/> attempts; every other request 200.</summary>
    public void FailFirstEvent(string name, int times)
    {
        var endpoint = EndpointOf(name);
        lock (endpoint)
        {
            endpoint.FailFirst = times;
        }
    }

    /// <summary>Every request waits, unanswered, until the receiver is disposed.</summary>
    public void Hang(string name) => EndpointOf(name).Hangs = true;

    public IReadOnlyList<ReceivedDelivery> Received(string name)
    {
        var endpoint = EndpointOf(name);
        lock (endpoint)
        {
            return [.. endpoint.Received];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(stop.Token);
        }

        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private Endpoint EndpointOf(string name) => _endpoints.GetOrAdd(name, _ => new Endpoint());

    private async Task<IResult> ReceiveAsync(string name, HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        var endpoint = EndpointOf(name);
        var signature = request.Headers["OrleansSms-Signature"].ToString();
        int status;
        lock (endpoint)
        {
            var id = JsonDocument.Parse(body.ToArray()).RootElement.GetProperty("id").GetString();
            endpoint.FailingEvent ??= endpoint.FailFirst > 0 ? id : null;
            status = endpoint.Hangs ? 0
                : endpoint.Script.Count > 0 ? endpoint.Script.Dequeue()
                : endpoint.FailingEvent == id && endpoint.Received.Count(r => r.Id == id) < endpoint.FailFirst ? 500
                : 200;
            endpoint.Received.Add(new ReceivedDelivery(Interlocked.Increment(ref _sequence), body.ToArray(), signature, status));
        }

        if (status == 0)
        {
            try
            {
                using var released = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, request.HttpContext.RequestAborted);
                await Task.Delay(Timeout.Infinite, released.Token);
            }
            catch (OperationCanceledException)
            {
                // Disposed, or the sender gave up on the attempt.
            }

            return Results.StatusCode(503);
        }

        return Results.StatusCode(status);
    }
}
