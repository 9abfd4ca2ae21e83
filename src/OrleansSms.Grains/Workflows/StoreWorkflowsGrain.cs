using OrleansSms.Abstractions.Contacts;
using OrleansSms.Abstractions.Workflows;

namespace OrleansSms.Grains.Workflows;

/// <inheritdoc cref="IStoreWorkflowsGrain"/>
internal sealed class StoreWorkflowsGrain(
    [PersistentState("storeWorkflows", StorageNames.Sms)] IPersistentState<StoreWorkflowsState> state) : Grain, IStoreWorkflowsGrain
{
    private static readonly WorkflowListener[] None = [];

    public async Task SetListenerAsync(string workflowId, string? eventType, int version, bool active)
    {
        var changed = false;
        foreach (var (type, workflows) in state.State.Listeners)
        {
            // A workflow listens to one event type at most: drop it from any other.
            if ((type != eventType || !active) && workflows.Remove(workflowId))
            {
                changed = true;
            }
        }

        if (eventType is not null && active &&
            (!state.State.Listeners.TryGetValue(eventType, out var listeners) || !listeners.TryGetValue(workflowId, out var known) || known != version))
        {
            if (!state.State.Listeners.TryGetValue(eventType, out listeners))
            {
                state.State.Listeners[eventType] = listeners = new(StringComparer.Ordinal);
            }

            listeners[workflowId] = version;
            changed = true;
        }

        if (changed)
        {
            await state.WriteStateAsync();
        }
    }

    public Task<WorkflowListener[]> GetListenersAsync(string eventType) =>
        Task.FromResult(state.State.Listeners.TryGetValue(eventType, out var listeners) && listeners.Count > 0
            ? listeners.Select(l => new WorkflowListener(l.Key, l.Value)).ToArray()
            : None);

    public async Task<EventRun[]> PublishEventAsync(StorefrontEvent storefrontEvent)
    {
        var storeId = this.GetPrimaryKeyString();
        if (storefrontEvent.ContactUpdate is { } update)
        {
            await GrainFactory.GetContact(storeId, storefrontEvent.ContactId).UpdateAsync(update);
        }

        if (!state.State.Listeners.TryGetValue(storefrontEvent.Type, out var listeners) || listeners.Count == 0)
        {
            return [];
        }

        // A run id derived from the event id makes a retried event meet the runs it started.
        var runs = listeners
            .Select(l => (Listener: l, Run: new EventRun(
                l.Key,
                storefrontEvent.EventId is { } eventId ? $"{eventId}-{storefrontEvent.ContactId}" : Guid.NewGuid().ToString("N"))))
            .ToArray();
        await Task.WhenAll(runs.Select(r => GrainFactory.GetWorkflowRun(storeId, r.Run.WorkflowId, r.Run.RunId).StartAsync(new RunStart
        {
            WorkflowId = r.Run.WorkflowId,
            Version = r.Listener.Value,
            ContactId = storefrontEvent.ContactId,
            EventProperties = storefrontEvent.Properties,
        })));
        return runs.Select(r => r.Run).ToArray();
    }
}
