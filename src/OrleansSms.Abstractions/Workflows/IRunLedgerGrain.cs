using Orleans.Concurrency;

namespace OrleansSms.Abstractions.Workflows;

/// <summary>
/// A store's register of one-contact runs in flight (key: <c>{storeId}/{partition}</c>). A run is
/// durable from its start through this ledger — concurrent starts share one write, and the
/// ledger's single reminder resumes whatever a crashed silo left unfinished — where a reminder and
/// a state write of its own would cost each run three commits. A run that waits, or that meets a
/// full ledger, keeps a reminder of its own instead.
/// </summary>
public interface IRunLedgerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records a run's start; answers once it is durable. False: the ledger is full and holds
    /// nothing of the run, which must then keep its own reminder.
    /// </summary>
    [AlwaysInterleave]
    Task<bool> AddAsync(string runKey, RunStart start, DateTimeOffset startedAt);

    /// <summary>Forgets a run that is over or holds its own reminder; written with the next write, within a second.</summary>
    [AlwaysInterleave]
    Task RemoveAsync(string runKey);

    /// <summary>How many runs the ledger holds now.</summary>
    [AlwaysInterleave]
    Task<int> CountAsync();
}
