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
