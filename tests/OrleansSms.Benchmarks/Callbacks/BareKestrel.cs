using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrleansSms.Benchmarks.Callbacks;

/// <summary>
/// <c>bare-kestrel --port N</c> (hidden, started by <c>callbacks</c>): the floor a callback can
/// cost on this machine. One <c>POST /callbacks/instasent/{storeId}/{secret}</c> route that parses
/// Instasent's report with System.Text.Json into a small record and answers 200 with a small JSON
/// body; no grains, no storage, logging off. Same host shape and GC mode (server) as the silo.
/// </summary>
internal static class BareKestrel
{
    public static async Task<int> RunAsync(string[] args)
    {
        var port = int.Parse(CallbackLoad.Option(args, "--port") ?? "5090");
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        });

        var app = builder.Build();
        app.MapGet("/health/ready", () => TypedResults.Ok());
        app.MapPost("/callbacks/instasent/{storeId}/{secret}", (string storeId, string secret, BareReport report) =>
            report.ClientId is null || report.Status is null
                ? Results.BadRequest()
                : Results.Ok(new BareAnswer("applied")));
        await app.RunAsync();
        return 0;
    }
}

/// <summary>Instasent's delivery report, as the bare endpoint reads it.</summary>
internal sealed record BareReport(string? Id, string? ClientId, string? Status, int? Code, DateTimeOffset? EventAt);

internal sealed record BareAnswer(string Outcome);
