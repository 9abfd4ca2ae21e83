namespace OrleansSms.Abstractions.Workflows;

/// <summary>What a step of a run came to.</summary>
public enum StepOutcome
{
    /// <summary>Send SMS: Instasent took the message.</summary>
    Sent = 0,

    /// <summary>Send SMS: the send rule said no (the step's detail says why).</summary>
    Skipped = 1,

    /// <summary>Send SMS: recorded, and Instasent will be asked again (outage, rate backlog).</summary>
    Queued = 2,

    /// <summary>The step could not be done (the detail says why).</summary>
    Failed = 3,

    /// <summary>Wait: the run sleeps until the wait ends.</summary>
    Waiting = 4,

    /// <summary>SMS Received: the condition held.</summary>
    Yes = 5,

    /// <summary>SMS Received: it did not.</summary>
    No = 6,

    /// <summary>Update contact: the fields were written.</summary>
    Updated = 7,
}
