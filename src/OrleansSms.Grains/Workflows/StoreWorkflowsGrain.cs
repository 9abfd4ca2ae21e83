using OrleansSms.Abstractions.Contacts;
using OrleansSms.Abstractions.Contents;
using OrleansSms.Abstractions.Workflows;

namespace OrleansSms.Grains.Workflows;

/// <inheritdoc cref="IStoreWorkflowsGrain"/>
internal sealed class StoreWorkflowsGrain(
    [PersistentState("storeWorkflows", StorageNames.Sms)] IPersistentState<StoreWorkflowsState> state) : Grain, IStoreWorkflowsGrain
{
    private static readonly WorkflowListener[] None = [];

    public async Task SetListenerAsync(string workflowId, string? eventType, int version, bool active)
    {
        if (ApplyListener(workflowId, eventType, version, active))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task<string[]> PublishWorkflowAsync(WorkflowRegistration registration)
    {
        var workflowId = registration.WorkflowId;
        var changed = ApplyListener(workflowId, registration.EventType, registration.Version, registration.Active);
        var active = state.State.Active;
        if (!registration.Active)
        {
            changed |= active.Remove(workflowId);
        }
        else if (!active.TryGetValue(workflowId, out var known) || known.Version != registration.Version ||
                 !known.SmsIds.AsSpan().SequenceEqual(registration.SmsIds))
        {
            active[workflowId] = new ActiveWorkflow(registration.Version, registration.SmsIds);
            changed = true;
        }

        if (changed)
        {
            await state.WriteStateAsync();
        }

        if (!registration.Active || registration.SmsIds.Length == 0)
        {
            return [];
        }

        // In this grain's turn, as a delete is: a content deleted before this is seen missing,
        // one deleted after sees this workflow.
        var storeId = this.GetPrimaryKeyString();
        var contents = await Task.WhenAll(registration.SmsIds.Select(id => GrainFactory.GetSmsContent(storeId, id).GetAsync()));
        return [.. registration.SmsIds.Where((_, i) => contents[i] is null)];
    }

    public async Task<string[]> DeleteContentAsync(string smsId)
    {
        var users = state.State.Active
            .Where(w => Array.IndexOf(w.Value.SmsIds, smsId) >= 0)
            .Select(w => w.Key)
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (users.Length == 0)
        {
            await GrainFactory.GetSmsContent(this.GetPrimaryKeyString(), smsId).DeleteAsync();
        }

        return users;
    }

    /// <summary>A workflow listens to one event type at most, and only while active; true when that changed anything.</summary>
    private bool ApplyListener(string workflowId, string? eventType, int version, bool active)
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

        return changed;
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
