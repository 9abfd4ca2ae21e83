using Orleans.Dashboard;
using OrleansSms.Silo.Telemetry;

// In the hosting namespace, beside the silo configuration that calls it.
namespace OrleansSms.Silo.Hosting;

public static class SiloTelemetryExtensions
{
    /// <summary>
    /// What telemetry needs on the silo: trace context carried in grain calls' request context
    /// (so an HTTP request, the grains it reaches and their Instasent call are one trace), and the
    /// dashboard's collectors when <see cref="TelemetryExtensions.DashboardEnabledKey"/> is set.
    /// </summary>
    public static ISiloBuilder AddOrleansSmsTelemetry(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.AddActivityPropagation();
        if (configuration.GetValue<bool>(TelemetryExtensions.DashboardEnabledKey))
        {
            // No live log stream: it would bypass the redaction of log lines.
            silo.AddDashboard(o => o.HideTrace = true);
        }

        return silo;
    }
}
