namespace OrleansSms.Abstractions.Workflows;

/// <summary>Keys of <see cref="IRunLedgerGrain"/>: <c>{storeId}/{partition}</c>.</summary>
public static class RunLedgerKeys
{
    public static string Format(string storeId, int partition) => GrainKeys.Pair(storeId, partition);

    public static (string StoreId, int Partition) Parse(string key) => GrainKeys.SplitNumbered(key, "run ledger (storeId/partition)");
}
