using OrleansSms.Abstractions.Newsletters;

namespace OrleansSms.Abstractions.Workflows;

/// <summary>What kind of run a listed run is.</summary>
public enum RunKind
{
    /// <summary>One contact's run: started by an event, a reply or by hand.</summary>
    Contact = 0,

    /// <summary>A newsletter over the store's audience.</summary>
    Newsletter = 1,
}

/// <summary>
/// Where a listed run stands: a one-contact run's <see cref="RunStatus"/> or a newsletter's
/// <see cref="NewsletterStatus"/>, in one vocabulary (the <c>status</c> a list filters by).
/// </summary>
public enum RunListStatus
{
    Scheduled = 0,
    Running = 1,
    Waiting = 2,
    Completed = 3,
    Failed = 4,
    Cancelled = 5,
}

/// <summary>A run as a workflow's list of runs holds it, reported by the run itself as it goes.</summary>
[GenerateSerializer, Immutable, Alias("sms.RunEntry")]
public sealed record RunEntry
{
    [Id(0)] public required string RunId { get; init; }
    [Id(1)] public RunKind Kind { get; init; }
    [Id(2)] public RunListStatus Status { get; init; }
    [Id(3)] public int Version { get; init; }

    /// <summary>A one-contact run's contact; null for a newsletter.</summary>
    [Id(4)] public string? ContactId { get; init; }

    /// <summary>When the run began: its place in the list, which never changes.</summary>
    [Id(5)] public DateTimeOffset StartedAt { get; init; }

    /// <summary>Until when a waiting run waits.</summary>
    [Id(6)] public DateTimeOffset? WaitingUntil { get; init; }

    /// <summary>When the run completed, failed or was cancelled.</summary>
    [Id(7)] public DateTimeOffset? EndedAt { get; init; }

    /// <summary>A one-contact run's steps so far (as of its latest change of status).</summary>
    [Id(8)] public int Steps { get; init; }

    /// <summary>When the list last heard of the run (set by the list).</summary>
    [Id(9)] public DateTimeOffset UpdatedAt { get; init; }

    public bool IsOver => Status is RunListStatus.Completed or RunListStatus.Failed or RunListStatus.Cancelled;

    public static RunListStatus StatusOf(RunStatus status) => status switch
    {
        RunStatus.Waiting => RunListStatus.Waiting,
        RunStatus.Completed => RunListStatus.Completed,
        RunStatus.Failed => RunListStatus.Failed,
        RunStatus.Cancelled => RunListStatus.Cancelled,
        _ => RunListStatus.Running,
    };

    public static RunListStatus StatusOf(NewsletterStatus status) => status switch
    {
        NewsletterStatus.Scheduled => RunListStatus.Scheduled,
        NewsletterStatus.Completed => RunListStatus.Completed,
        NewsletterStatus.Cancelled => RunListStatus.Cancelled,
        _ => RunListStatus.Running,
    };

    /// <summary>A newsletter run as its view stands.</summary>
    public static RunEntry Of(NewsletterView view) => new()
    {
        RunId = view.RunId,
        Kind = RunKind.Newsletter,
        Status = StatusOf(view.Status),
        Version = view.Version,
        StartedAt = view.StartedAt,
        EndedAt = view.CompletedAt ?? view.CancelledAt,
    };

    /// <summary>A one-contact run as its view stands.</summary>
    public static RunEntry Of(RunView view) => new()
    {
        RunId = view.RunId,
        Kind = RunKind.Contact,
        Status = StatusOf(view.Status),
        Version = view.Version,
        ContactId = view.ContactId,
        StartedAt = view.StartedAt,
        WaitingUntil = view.WaitingUntil,
        EndedAt = view.CompletedAt ?? view.CancelledAt,
        Steps = view.Steps,
    };
}

/// <summary>A listed run, with a newsletter's progress (counters without deliveries) read from it for the page.</summary>
[GenerateSerializer, Immutable, Alias("sms.RunListItem")]
public sealed record RunListItem(
    [property: Id(0)] RunEntry Run,
    [property: Id(1)] NewsletterView? Newsletter);

/// <summary>What a list of runs asks for: newest first, older than the cursor, of one status when given.</summary>
[GenerateSerializer, Immutable, Alias("sms.RunListQuery")]
public sealed record RunListQuery
{
    [Id(0)] public int Limit { get; init; }
    [Id(1)] public RunListStatus? Status { get; init; }
    [Id(2)] public DateTimeOffset? AfterStartedAt { get; init; }
    [Id(3)] public string? AfterRunId { get; init; }
}

/// <summary>A page of runs, newest first; the next page starts after (<see cref="NextStartedAt"/>, <see cref="NextRunId"/>), null on the last.</summary>
[GenerateSerializer, Immutable, Alias("sms.RunPage")]
public sealed record RunPage(
    [property: Id(0)] RunListItem[] Items,
    [property: Id(1)] DateTimeOffset? NextStartedAt,
    [property: Id(2)] string? NextRunId);
