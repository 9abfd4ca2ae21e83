using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using OrleansSms.InstasentSimulator;

namespace OrleansSms.Simulator.Tests;

/// <summary>
/// A tiny Kestrel app standing in for the product's callback endpoint: records every post (a
/// delivery report or an inbound message) and answers what <see cref="Respond"/> says (default 200).
/// </summary>
internal sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _attemptsById = new();

    private CallbackReceiver(WebApplication app) => _app = app;

    /// <summary>Every post, in arrival order: the report (an inbound message read as one: no status, code 0) and its raw body.</summary>
    public ConcurrentQueue<(DeliveryReport Report, string Body)> Received { get; } = new();

    /// <summary>Status to answer, given the report and how many times its id has been posted (1 = first).</summary>
    public Func<DeliveryReport, int, Task<int>> Respond { get; set; } = (_, _) => Task.FromResult(200);

    public string Url { get; private set; } = "";

    public static async Task<CallbackReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var receiver = new CallbackReceiver(app);
        app.MapPost("/callbacks/instasent", receiver.HandleAsync);
        await app.StartAsync();
        receiver.Url = app.Urls.Single() + "/callbacks/instasent";
        return receiver;
    }

    public List<DeliveryReport> ReportsFor(string id) => Received.Where(r => r.Report.Id == id).Select(r => r.Report).ToList();

    /// <summary>The raw bodies posted with this id, in arrival order.</summary>
    public List<JsonObject> BodiesFor(string id) =>
        Received.Where(r => r.Report.Id == id).Select(r => JsonNode.Parse(r.Body)!.AsObject()).ToList();

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var report = JsonSerializer.Deserialize<DeliveryReport>(body, SimulatorHarness.Json)!;
        var attempt = _attemptsById.AddOrUpdate(report.Id, 1, (_, n) => n + 1);
        Received.Enqueue((report, body));
        context.Response.StatusCode = await Respond(report, attempt);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
