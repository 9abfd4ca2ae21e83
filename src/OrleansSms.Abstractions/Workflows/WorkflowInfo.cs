using OrleansSms.Abstractions.Newsletters;

namespace OrleansSms.Abstractions.Workflows;

/// <summary>How a workflow's runs start.</summary>
public enum TriggerType
{
    /// <summary>A storefront event of a given type starts a run for its contact.</summary>
    Event = 0,

    /// <summary>Started over the store's audience (now or at a date).</summary>
    Newsletter = 1,

    /// <summary>Started by hand for one contact.</summary>
    Manual = 2,
}

/// <summary>A saved workflow: its current version, whether it is active, and how it is triggered.</summary>
[GenerateSerializer, Immutable, Alias("sms.WorkflowInfo")]
public sealed record WorkflowInfo
{
    [Id(0)] public required string WorkflowId { get; init; }
    [Id(1)] public int Version { get; init; }
    [Id(2)] public bool Active { get; init; }

    /// <summary>The definition as the store sent it (validated); runs parse the version they started with.</summary>
    [Id(3)] public required string DefinitionJson { get; init; }

    [Id(4)] public TriggerType TriggerType { get; init; }
    [Id(5)] public string? EventType { get; init; }
    [Id(6)] public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>One problem of a definition, under the JSON path it concerns (<c>nodes[2].senderName</c>).</summary>
[GenerateSerializer, Immutable, Alias("sms.WorkflowProblemView")]
public sealed record WorkflowProblemView([property: Id(0)] string Path, [property: Id(1)] string Message);

/// <summary>A save: the new version, or every problem of the definition (and nothing saved).</summary>
[GenerateSerializer, Immutable, Alias("sms.WorkflowSaveResult")]
public sealed record WorkflowSaveResult
{
    [Id(0)] public WorkflowInfo? Saved { get; init; }
    [Id(1)] public WorkflowProblemView[] Problems { get; init; } = [];
}

/// <summary>Why a run could not start.</summary>
public enum RunStartRefusal
{
    None = 0,

    /// <summary>The workflow was never saved.</summary>
    NoWorkflow = 1,

    /// <summary>An event or manual workflow runs for one contact at a time: a contact id is needed.</summary>
    ContactRequired = 2,
}

/// <summary>A run start: its id, or why there is none.</summary>
[GenerateSerializer, Immutable, Alias("sms.RunStartResult")]
public sealed record RunStartResult
{
    [Id(0)] public string? RunId { get; init; }
    [Id(1)] public RunStartRefusal Refusal { get; init; }
    [Id(2)] public TriggerType TriggerType { get; init; }
}

/// <summary>A run found by id: a newsletter, a one-contact run, or neither.</summary>
[GenerateSerializer, Immutable, Alias("sms.RunLookup")]
public sealed record RunLookup
{
    [Id(0)] public NewsletterView? Newsletter { get; init; }
    [Id(1)] public RunView? Run { get; init; }
}
