namespace OrleansSms.Abstractions.Workflows;

/// <summary>What a workflow's delete did.</summary>
public enum WorkflowDeletion
{
    /// <summary>Deleted: it is gone from reads and starts no runs; the runs in flight finish on their version.</summary>
    Deleted = 0,

    /// <summary>There was no such workflow (never saved, or deleted before): nothing changed.</summary>
    Absent = 1,

    /// <summary>Refused: the workflow is active (deactivate it first); nothing changed.</summary>
    Active = 2,
}
