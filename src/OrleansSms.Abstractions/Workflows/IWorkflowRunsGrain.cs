using Orleans.Concurrency;

namespace OrleansSms.Abstractions.Workflows;

/// <summary>
/// One workflow's runs, newest first (key: <c>{storeId}/{workflowId}</c>): its newsletters and
/// its one-contact runs (not the contacts a newsletter hands to a Wait, which its counters hold),
/// each reported by the run as its status changes. Keeps the newest <c>Workflows:ListedRuns</c>;
/// an older run is still found by its id.
/// </summary>
public interface IWorkflowRunsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds the run or updates it (it keeps its first <see cref="RunEntry.StartedAt"/>); a run over
    /// stays over whatever comes later. Stored within a second, with whatever else came meanwhile.
    /// </summary>
    Task RecordAsync(RunEntry entry);

    /// <summary>Drops a run from the list (idempotent).</summary>
    Task RemoveAsync(string runId);

    /// <summary>Drops every run from the list (a workflow that is deleted).</summary>
    Task ClearAsync();

    [ReadOnly]
    Task<RunPage> ListAsync(RunListQuery query);
}
