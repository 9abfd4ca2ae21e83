using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansSms.Silo.Api;
using OrleansSms.Silo.Telemetry;

namespace OrleansSms.Silo.Hosting;

/// <summary>
/// What every silo process has: JSON conventions, problem details, health, OpenAPI, and
/// OpenTelemetry (logs, metrics, traces; see <see cref="TelemetryExtensions"/>).
/// </summary>
public static class ServiceDefaults
{
    public const string LiveTag = "live";

    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        });
        builder.AddOrleansSmsTelemetry();
        builder.Services.AddProblemAnswers();
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag])
            .AddCheck<SiloReadyHealthCheck>("silo");
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>
    /// <c>/health/live</c> (the process answers), <c>/health/ready</c> (also: the silo is an
    /// active cluster member and storage answers), <c>/metrics</c>, OpenAPI, and the dashboard when
    /// enabled. Health and metrics are anonymous, for probes and scrapers.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) }).AllowAnonymous();
        app.MapHealthChecks("/health/ready").AllowAnonymous();
        app.MapTelemetryEndpoints();
        app.MapOpenApi();
        return app;
    }
}
