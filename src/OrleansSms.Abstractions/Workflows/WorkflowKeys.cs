namespace OrleansSms.Abstractions.Workflows;

/// <summary>
/// The key of a workflow grain: <c>{storeId}/{workflowId}</c>. Neither id may hold '/', so the
/// split is exact.
/// </summary>
public readonly record struct WorkflowKey(string StoreId, string WorkflowId)
{
    public override string ToString() => string.Concat(StoreId, "/", WorkflowId);

    public static WorkflowKey Parse(string key)
    {
        var parts = key.Split('/');
        return parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0
            ? new WorkflowKey(parts[0], parts[1])
            : throw new ArgumentException($"'{key}' is not a workflow key (storeId/workflowId).", nameof(key));
    }
}

/// <summary>The key of a run, newsletter or one-contact: <c>{storeId}/{workflowId}/{runId}</c>.</summary>
public readonly record struct RunKey(string StoreId, string WorkflowId, string RunId)
{
    public WorkflowKey Workflow => new(StoreId, WorkflowId);

    public override string ToString() => string.Join('/', StoreId, WorkflowId, RunId);

    public static RunKey Parse(string key)
    {
        var parts = key.Split('/');
        return parts.Length == 3 && parts.All(p => p.Length > 0)
            ? new RunKey(parts[0], parts[1], parts[2])
            : throw new ArgumentException($"'{key}' is not a run key (storeId/workflowId/runId).", nameof(key));
    }
}

/// <summary>The one way grains of workflows are reached.</summary>
public static class WorkflowGrainFactoryExtensions
{
    public static IWorkflowGrain GetWorkflow(this IGrainFactory grains, string storeId, string workflowId) =>
        grains.GetGrain<IWorkflowGrain>(new WorkflowKey(storeId, workflowId).ToString());

    public static IStoreWorkflowsGrain GetStoreWorkflows(this IGrainFactory grains, string storeId) =>
        grains.GetGrain<IStoreWorkflowsGrain>(storeId);

    public static IWorkflowRunGrain GetWorkflowRun(this IGrainFactory grains, string storeId, string workflowId, string runId) =>
        grains.GetGrain<IWorkflowRunGrain>(new RunKey(storeId, workflowId, runId).ToString());

    public static IWorkflowRunGrain GetWorkflowRun(this IGrainFactory grains, RunKey key) => grains.GetGrain<IWorkflowRunGrain>(key.ToString());

    /// <summary>The store's list of workflows (key: the store id).</summary>
    public static IWorkflowDirectoryGrain GetWorkflowDirectory(this IGrainFactory grains, string storeId) =>
        grains.GetGrain<IWorkflowDirectoryGrain>(GrainKeys.Store(storeId));

    /// <summary>A workflow's list of runs.</summary>
    public static IWorkflowRunsGrain GetWorkflowRuns(this IGrainFactory grains, WorkflowKey workflow) =>
        grains.GetGrain<IWorkflowRunsGrain>(workflow.ToString());
}
