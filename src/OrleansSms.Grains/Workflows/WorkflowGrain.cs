using OrleansSms.Abstractions.Workflows;

namespace OrleansSms.Grains.Workflows;

/// <inheritdoc cref="IWorkflowGrain"/>
internal sealed class WorkflowGrain(
    [PersistentState("workflow", StorageNames.Sms)] IPersistentState<WorkflowState> state,
    TimeProvider time) : Grain, IWorkflowGrain
{
    public Task<WorkflowInfo?> GetAsync() => Task.FromResult(state.State.Versions.Count == 0 ? null : Info());

    public async Task<WorkflowInfo> SaveAsync(string definitionJson, string triggerType, string? eventType)
    {
        var previousEventType = state.State.EventType;
        state.State.Versions.Add(definitionJson);
        state.State.TriggerType = triggerType;
        state.State.EventType = eventType;
        state.State.UpdatedAt = time.GetUtcNow();
        await state.WriteStateAsync();
        if (previousEventType is not null && previousEventType != eventType)
        {
            await Registry().SetListenerAsync(WorkflowId, previousEventType, 0, active: false);
        }

        await PublishAsync();
        return Info();
    }

    public Task<string?> GetVersionAsync(int version) =>
        Task.FromResult(version >= 1 && version <= state.State.Versions.Count ? state.State.Versions[version - 1] : null);

    public async Task<WorkflowInfo?> SetActiveAsync(bool active)
    {
        if (state.State.Versions.Count == 0)
        {
            return null;
        }

        if (state.State.Active != active)
        {
            state.State.Active = active;
            state.State.UpdatedAt = time.GetUtcNow();
            await state.WriteStateAsync();
        }

        await PublishAsync();
        return Info();
    }

    private string WorkflowId => this.GetPrimaryKeyString()[(this.GetPrimaryKeyString().IndexOf('/') + 1)..];

    private IStoreWorkflowsGrain Registry() =>
        GrainFactory.GetGrain<IStoreWorkflowsGrain>(this.GetPrimaryKeyString()[..this.GetPrimaryKeyString().IndexOf('/')]);

    /// <summary>Event workflows tell the store's registry which event they listen to, at which version.</summary>
    private Task PublishAsync() => state.State.EventType is { } eventType
        ? Registry().SetListenerAsync(WorkflowId, eventType, state.State.Versions.Count, state.State.Active)
        : Task.CompletedTask;

    private WorkflowInfo Info() => new()
    {
        WorkflowId = WorkflowId,
        Version = state.State.Versions.Count,
        Active = state.State.Active,
        DefinitionJson = state.State.Versions[^1],
        TriggerType = state.State.TriggerType,
        EventType = state.State.EventType,
        UpdatedAt = state.State.UpdatedAt,
    };
}
