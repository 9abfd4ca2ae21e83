using System.Collections.Concurrent;
using OrleansSms.Abstractions.Workflows;
using OrleansSms.Domain.Workflows;

namespace OrleansSms.Grains.Workflows;

/// <summary>
/// Parsed workflow versions, shared by every run and shard activation of this silo. A version
/// never changes once saved, so a parse is good for as long as the silo lives; a run activation
/// costs a dictionary look-up instead of a grain call and a JSON parse.
/// </summary>
public sealed class WorkflowVersionCache(IGrainFactory grains)
{
    /// <summary>Versions kept: far above the workflows a silo runs at once. Past it the cache starts over.</summary>
    public const int Capacity = 4_096;

    private readonly ConcurrentDictionary<(WorkflowKey Workflow, int Version), WorkflowDefinition> _versions = new();

    /// <summary>The parsed definition of <paramref name="version"/>; null when that version does not exist.</summary>
    public async ValueTask<WorkflowDefinition?> GetAsync(WorkflowKey workflow, int version)
    {
        if (_versions.TryGetValue((workflow, version), out var cached))
        {
            return cached;
        }

        var json = await grains.GetWorkflow(workflow.StoreId, workflow.WorkflowId).GetVersionAsync(version);
        if (json is null || WorkflowParser.Parse(json).Definition is not { } definition)
        {
            return null;
        }

        if (_versions.Count >= Capacity)
        {
            _versions.Clear();
        }

        return _versions.GetOrAdd((workflow, version), definition);
    }
}
