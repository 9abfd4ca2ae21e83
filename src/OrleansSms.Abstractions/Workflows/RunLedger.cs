namespace OrleansSms.Abstractions.Workflows;

public static class RunLedger
{
    /// <summary>
    /// Partitions per store. Few, so that concurrent starts share writes; more than one, so that
    /// a busy store's starts spread over the silos. A run always names its partition by its key,
    /// and each partition resumes only what it holds, so the number may change between versions.
    /// </summary>
    public const int Partitions = 4;

    public static int PartitionOf(string runKey) => (int)(StableHash.Fnv1a(runKey) % Partitions);

    public static IRunLedgerGrain GetRunLedger(this IGrainFactory grains, string storeId, int partition) =>
        grains.GetGrain<IRunLedgerGrain>(RunLedgerKeys.Format(storeId, partition));
}
