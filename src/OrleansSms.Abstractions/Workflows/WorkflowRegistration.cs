namespace OrleansSms.Abstractions.Workflows;

/// <summary>A workflow as the store's registry knows it (see <see cref="IStoreWorkflowsGrain.PublishWorkflowAsync"/>).</summary>
[GenerateSerializer, Immutable, Alias("sms.WorkflowRegistration")]
public sealed record WorkflowRegistration
{
    [Id(0)] public required string WorkflowId { get; init; }

    /// <summary>The event type its trigger listens to; null for a newsletter or manual workflow.</summary>
    [Id(1)] public string? EventType { get; init; }

    /// <summary>The current version, which new runs start on.</summary>
    [Id(2)] public int Version { get; init; }

    [Id(3)] public bool Active { get; init; }

    /// <summary>The SMS contents the current version names (Send SMS and SMS Received nodes).</summary>
    [Id(4)] public string[] SmsIds { get; init; } = [];
}
