using Microsoft.AspNetCore.Authorization;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Dashboard;
using OrleansSms.Grains.Telemetry;
using OrleansSms.Silo.Security;

namespace OrleansSms.Silo.Telemetry;

/// <summary>
/// OpenTelemetry for the silo: logs, metrics and traces, exported over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set and scraped by Prometheus at <c>/metrics</c>; trace
/// context carried through grain calls; the Orleans Dashboard when asked for.
/// </summary>
public static class TelemetryExtensions
{
    public const string MetricsPath = "/metrics";
    public const string DashboardPath = "/dashboard";

    /// <summary><c>Dashboard:Enabled</c>: serve the Orleans Dashboard at <see cref="DashboardPath"/> (default false).</summary>
    public const string DashboardEnabledKey = "Dashboard:Enabled";

    /// <summary>
    /// <c>Dashboard:AllowAnonymous</c>: serve it without an API key (default false: an all-stores
    /// key is required). Only on a network where whoever reaches the port may see the cluster.
    /// </summary>
    public const string DashboardAllowAnonymousKey = "Dashboard:AllowAnonymous";

    /// <summary>
    /// Orleans' ActivitySources (Orleans.Diagnostics.ActivitySources in Orleans 10). Grain calls,
    /// ours included, are spans of the Runtime source; Lifecycle has activations and placement,
    /// Storage the state reads and writes, Application calls Orleans classes as application ones.
    /// </summary>
    public const string OrleansApplicationSource = "Microsoft.Orleans.Application";
    public const string OrleansRuntimeSource = "Microsoft.Orleans.Runtime";
    public const string OrleansLifecycleSource = "Microsoft.Orleans.Lifecycle";
    public const string OrleansStorageSource = "Microsoft.Orleans.Storage";

    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// <c>Telemetry:Tracing</c>: record spans (default: when <see cref="OtlpEndpointKey"/> is set).
    /// With nowhere to send them, a span for every request, grain call and state write is pure
    /// cost: it doubled the silo's CPU per delivery report and per imported row.
    /// </summary>
    public const string TracingKey = "Telemetry:Tracing";

    /// <summary>Orleans' Meter (grain calls, activations, messaging, storage, membership).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    public static WebApplicationBuilder AddOrleansSmsTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        RedactingLoggerFactory.Register(builder.Services);

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName: configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : "orleans-sms",
                serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(OrleansMeter)
                .AddMeter(SmsInstruments.MeterName)
                .AddPrometheusExporter());

        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);
        if (configuration.GetValue<bool?>(TracingKey) ?? otlp)
        {
            otel.WithTracing(tracing => tracing
                    .AddSource(OrleansRuntimeSource, OrleansApplicationSource, OrleansLifecycleSource, OrleansStorageSource)
                    .AddAspNetCoreInstrumentation(o =>
                    {
                        // Probes and scrapes are not traffic.
                        o.Filter = context => !IsInfrastructurePath(context.Request.Path);
                        o.EnrichWithHttpRequest = (activity, _) => SecretRedaction.Redact(activity);
                        o.EnrichWithHttpResponse = (activity, _) => SecretRedaction.Redact(activity);
                        o.EnrichWithException = (activity, _) => SecretRedaction.Redact(activity);
                    })
                    .AddHttpClientInstrumentation(o =>
                    {
                        o.EnrichWithHttpRequestMessage = (activity, _) => SecretRedaction.Redact(activity);
                        o.EnrichWithHttpResponseMessage = (activity, _) => SecretRedaction.Redact(activity);
                        o.EnrichWithException = (activity, _) => SecretRedaction.Redact(activity);
                    })
                    .AddProcessor(new RedactingActivityProcessor()));
        }

        if (otlp)
        {
            // Endpoint, protocol, headers and the rest from the standard OTEL_EXPORTER_OTLP_* variables.
            otel.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// <c>/metrics</c> (Prometheus text; anonymous, like <c>/health/*</c>: it holds counts and
    /// timings, no store data) and the dashboard when enabled.
    /// </summary>
    public static WebApplication MapTelemetryEndpoints(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous();
        var configuration = app.Configuration;
        if (configuration.GetValue<bool>(DashboardEnabledKey))
        {
            var dashboard = app.MapOrleansDashboard(routePrefix: DashboardPath);
            if (!configuration.GetValue<bool>(DashboardAllowAnonymousKey))
            {
                dashboard.RequireAuthorization(new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName)
                    .RequireAuthenticatedUser()
                    .RequireAssertion(context => !context.User.HasClaim(c => c.Type == ApiKeyAuthenticationHandler.StoreClaim))
                    .Build());
            }
        }

        return app;
    }

    private static bool IsInfrastructurePath(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) ||
        path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase);
}
