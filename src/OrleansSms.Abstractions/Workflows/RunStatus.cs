namespace OrleansSms.Abstractions.Workflows;

/// <summary>Where a one-contact run stands.</summary>
public enum RunStatus
{
    Running = 0,

    /// <summary>At a Wait node, until <see cref="RunView.WaitingUntil"/>.</summary>
    Waiting = 1,
    Completed = 2,
    Failed = 3,
}
