using Orleans.Concurrency;

namespace OrleansSms.Abstractions.Workflows;

/// <summary>
/// Which workflows a store has (key: the store id), kept by the workflow grains, so the store's
/// workflows can be listed in id order without a query over storage.
/// </summary>
public interface IWorkflowDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Lists the workflow (idempotent); durable before it answers.</summary>
    Task AddAsync(string workflowId);

    /// <summary>Drops the workflow from the list (idempotent; a delete calls it); durable before it answers.</summary>
    Task RemoveAsync(string workflowId);

    /// <summary>Up to <paramref name="limit"/> workflows after <paramref name="after"/> in id order (ordinal), each as its grain summarises it.</summary>
    [ReadOnly]
    Task<WorkflowPage> ListAsync(string? after, int limit);
}
