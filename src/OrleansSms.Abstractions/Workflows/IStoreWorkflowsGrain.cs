using Orleans.Concurrency;

namespace OrleansSms.Abstractions.Workflows;

/// <summary>
/// A store's storefront events and the workflows that listen to them (key: storeId): which
/// active workflow listens to which event type, and the fan-out of an event to their runs.
/// </summary>
public interface IStoreWorkflowsGrain : IGrainWithStringKey
{
    /// <summary>Records a workflow's listening state; <paramref name="eventType"/> null or inactive removes it.</summary>
    Task SetListenerAsync(string workflowId, string? eventType, int version, bool active);

    [ReadOnly]
    Task<WorkflowListener[]> GetListenersAsync(string eventType);

    /// <summary>
    /// Takes a storefront event: applies its contact update when it carries one (the
    /// <c>contactInfo</c> tag), then starts one run per active workflow listening to its type.
    /// Answers once every run is durably recorded. The same event (same <c>eventId</c>) starts
    /// the same runs, which ignore a second start.
    /// </summary>
    [ReadOnly]
    Task<EventRun[]> PublishEventAsync(StorefrontEvent storefrontEvent);
}
