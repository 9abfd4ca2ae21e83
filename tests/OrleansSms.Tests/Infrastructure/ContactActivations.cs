using Microsoft.Extensions.DependencyInjection;

namespace OrleansSms.Tests.Infrastructure;

/// <summary>How many contact grains a test silo holds in memory, and a way to empty it of idle ones.</summary>
public static class ContactActivations
{
    /// <summary>Every idle activation goes, as it would long after its last call.</summary>
    public static Task CollectIdleAsync(IServiceProvider silo) =>
        Management(silo).ForceActivationCollection(TimeSpan.Zero);

    public static async Task<int> CountAsync(IServiceProvider silo) =>
        (await Management(silo).GetSimpleGrainStatistics())
            .Where(s => s.GrainType.Contains(".ContactGrain", StringComparison.Ordinal))
            .Sum(s => s.ActivationCount);

    private static IManagementGrain Management(IServiceProvider silo) =>
        silo.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
}
