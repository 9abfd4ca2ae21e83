namespace OrleansSms.Abstractions.Workflows;

/// <summary>Why a run could not start.</summary>
public enum RunStartRefusal
{
    None = 0,

    /// <summary>The workflow was never saved.</summary>
    NoWorkflow = 1,

    /// <summary>An event or manual workflow runs for one contact at a time: a contact id is needed.</summary>
    ContactRequired = 2,
}
