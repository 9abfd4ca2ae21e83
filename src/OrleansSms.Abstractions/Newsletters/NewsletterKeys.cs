using System.Globalization;
using OrleansSms.Abstractions.Workflows;

namespace OrleansSms.Abstractions.Newsletters;

/// <summary>The key of one shard of a newsletter run: <c>{storeId}/{workflowId}/{runId}/{partition}</c>.</summary>
public readonly record struct ShardKey(RunKey Run, int Partition)
{
    public override string ToString() => string.Concat(Run.ToString(), "/", Partition.ToString(CultureInfo.InvariantCulture));

    public static ShardKey Parse(string key)
    {
        var slash = key.LastIndexOf('/');
        return slash > 0 && int.TryParse(key.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
            ? new ShardKey(RunKey.Parse(key[..slash]), partition)
            : throw new ArgumentException($"'{key}' is not a newsletter shard key (storeId/workflowId/runId/partition).", nameof(key));
    }
}

/// <summary>The one way the grains of a newsletter run are reached (the run's key is a <see cref="RunKey"/>).</summary>
public static class NewsletterGrainFactoryExtensions
{
    public static INewsletterRunGrain GetNewsletterRun(this IGrainFactory grains, RunKey key) => grains.GetGrain<INewsletterRunGrain>(key.ToString());

    public static INewsletterShardGrain GetNewsletterShard(this IGrainFactory grains, ShardKey key) => grains.GetGrain<INewsletterShardGrain>(key.ToString());

    public static INewsletterDeliveriesGrain GetNewsletterDeliveries(this IGrainFactory grains, ShardKey key) => grains.GetGrain<INewsletterDeliveriesGrain>(key.ToString());
}
