using Orleans.Concurrency;
using OrleansSms.Abstractions.Workflows;

namespace OrleansSms.Grains.Workflows;

/// <inheritdoc cref="IWorkflowDirectoryGrain"/>
/// <remarks>
/// Reentrant: a list reads each workflow of its page from its grain, and a workflow grain that is
/// saving calls here; neither waits on the other. A workflow listed whose grain says it was never
/// saved (a first save whose write failed after it was listed) is left out of the page.
/// </remarks>
[Reentrant]
internal sealed class WorkflowDirectoryGrain(
    [PersistentState("workflowDirectory", StorageNames.Sms)] IPersistentState<IdDirectoryState> state) : Grain, IWorkflowDirectoryGrain
{
    private readonly IdDirectory _directory = new(state);

    public Task AddAsync(string workflowId) => _directory.AddAsync(workflowId);

    public Task RemoveAsync(string workflowId) => _directory.RemoveAsync(workflowId);

    public async Task<WorkflowPage> ListAsync(string? after, int limit)
    {
        var storeId = this.GetPrimaryKeyString();
        var (ids, more) = _directory.After(after, limit);
        var workflows = await Task.WhenAll(ids.Select(id => GrainFactory.GetWorkflow(storeId, id).GetSummaryAsync()));
        return new WorkflowPage(workflows.OfType<WorkflowSummary>().ToArray(), more ? ids[^1] : null);
    }
}
