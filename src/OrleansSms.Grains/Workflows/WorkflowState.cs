namespace OrleansSms.Grains.Workflows;

/// <summary>Persisted state of <see cref="WorkflowGrain"/>: every version, so a run keeps the one it started with.</summary>
[GenerateSerializer, Alias("sms.WorkflowState")]
public sealed class WorkflowState
{
    [Id(0)] public List<string> Versions { get; set; } = [];
    [Id(1)] public bool Active { get; set; }

    /// <summary>The trigger's wire name (<c>event</c>, <c>newsletter</c>, <c>manual</c>): stored records stay readable whatever the enum becomes.</summary>
    [Id(2)] public string TriggerType { get; set; } = "";
    [Id(3)] public string? EventType { get; set; }
    [Id(4)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The newsletter runs started from this workflow (few: one per campaign), so a run look-up knows its grain.</summary>
    [Id(5)] public HashSet<string> NewsletterRuns { get; set; } = [];

    /// <summary>
    /// Deleted: reads answer none and no run starts. <see cref="Versions"/> stay for the runs in
    /// flight (a version number is one definition for good), and a save makes it a workflow again
    /// on the next version.
    /// </summary>
    [Id(6)] public bool Deleted { get; set; }

    /// <summary>There is a workflow: saved, and not deleted since.</summary>
    public bool Exists => Versions.Count > 0 && !Deleted;

    /// <summary>The current version's name; null in state saved before it was kept (read from the version then).</summary>
    [Id(7)] public string? Name { get; set; }

    /// <summary>The store's workflow directory lists it (false in state saved before the directory existed).</summary>
    [Id(8)] public bool Listed { get; set; }

    public static string TriggerName(Abstractions.Workflows.TriggerType type) => type switch
    {
        Abstractions.Workflows.TriggerType.Event => "event",
        Abstractions.Workflows.TriggerType.Newsletter => "newsletter",
        _ => "manual",
    };

    public static Abstractions.Workflows.TriggerType ParseTrigger(string name) => name switch
    {
        "event" => Abstractions.Workflows.TriggerType.Event,
        "newsletter" => Abstractions.Workflows.TriggerType.Newsletter,
        _ => Abstractions.Workflows.TriggerType.Manual,
    };
}
