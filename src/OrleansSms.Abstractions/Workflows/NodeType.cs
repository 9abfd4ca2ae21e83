namespace OrleansSms.Abstractions.Workflows;

/// <summary>The kind of node a step of a run went through.</summary>
public enum NodeType
{
    /// <summary>No node: the run failed before it could reach one (its version gone, a node missing).</summary>
    None = 0,
    SendSms = 1,
    Wait = 2,
    SmsReceived = 3,
    UpdateContact = 4,
}
