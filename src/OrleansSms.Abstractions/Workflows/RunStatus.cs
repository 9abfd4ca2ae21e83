namespace OrleansSms.Abstractions.Workflows;

/// <summary>Where a one-contact run stands.</summary>
public enum RunStatus
{
    Running = 0,

    /// <summary>At a Wait node, until <see cref="RunView.WaitingUntil"/>.</summary>
    Waiting = 1,
    Completed = 2,
    Failed = 3,

    /// <summary>Stopped by a cancel (or by the cancel of the newsletter run it belongs to): it sends nothing more.</summary>
    Cancelled = 4,
}
