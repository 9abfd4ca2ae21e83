using Orleans.Concurrency;

namespace OrleansSms.Abstractions.Workflows;

/// <summary>
/// A store's storefront events and the workflows that listen to them (key: storeId): which
/// active workflow listens to which event type, and the fan-out of an event to their runs; and
/// which SMS contents the store's active workflows name, so that none of those is deleted.
/// </summary>
public interface IStoreWorkflowsGrain : IGrainWithStringKey
{
    /// <summary>Records a workflow's listening state; <paramref name="eventType"/> null or inactive removes it.</summary>
    Task SetListenerAsync(string workflowId, string? eventType, int version, bool active);

    [ReadOnly]
    Task<WorkflowListener[]> GetListenersAsync(string eventType);

    /// <summary>
    /// Records a workflow as it now stands: listening to its event type when it is an active event
    /// workflow, and, when active, the SMS contents its current version names. Answers those of
    /// the contents that do not exist now, checked in the same turn that deletes one
    /// (<see cref="DeleteContentAsync"/>): a content is never deleted under an active workflow
    /// that did not hear of it.
    /// </summary>
    Task<string[]> PublishWorkflowAsync(WorkflowRegistration registration);

    /// <summary>
    /// Deletes SMS content <paramref name="smsId"/> unless the current version of an active
    /// workflow names it: answers those workflows' ids, sorted, and deletes nothing; an empty
    /// answer once it is deleted (or there was none).
    /// </summary>
    Task<string[]> DeleteContentAsync(string smsId);

    /// <summary>
    /// Takes a storefront event: applies its contact update when it carries one (the
    /// <c>contactInfo</c> tag), then starts one run per active workflow listening to its type.
    /// Answers once every run is durably recorded. The same event (same <c>eventId</c>) starts
    /// the same runs, which ignore a second start.
    /// </summary>
    [ReadOnly]
    Task<EventRun[]> PublishEventAsync(StorefrontEvent storefrontEvent);
}
