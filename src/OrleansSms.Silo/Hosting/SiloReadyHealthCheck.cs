using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Storage;
using OrleansSms.Grains;

namespace OrleansSms.Silo.Hosting;

/// <summary>
/// Ready once this silo is an active member of the cluster and its grain storage answers: a read
/// of a probe record (never written) through the same provider grains use, so the database, its
/// schema and the connection settings are all checked — one indexed SELECT on ADO.NET, one call
/// to a storage grain in memory mode.
/// </summary>
internal sealed class SiloReadyHealthCheck(ISiloStatusOracle oracle, IServiceProvider services) : IHealthCheck
{
    /// <summary>How long storage may take to answer before the silo counts as not ready.</summary>
    public static readonly TimeSpan StorageTimeout = TimeSpan.FromSeconds(5);

    private const string ProbeStateName = "health-probe";
    private static readonly GrainId ProbeId = GrainId.Create("orleanssms-health", "probe");

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = oracle.CurrentStatus;
        if (status != SiloStatus.Active)
        {
            return HealthCheckResult.Unhealthy($"Silo status is {status}.");
        }

        var storage = services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Sms);
        try
        {
            await storage.ReadStateAsync(ProbeStateName, ProbeId, new GrainState<HealthProbeState>())
                .WaitAsync(StorageTimeout, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"Grain storage did not answer: {e.GetType().Name}.");
        }
    }
}

/// <summary>The probe's state type; nothing is ever stored.</summary>
[GenerateSerializer, Alias("OrleansSms.Silo.HealthProbeState")]
internal sealed class HealthProbeState;
