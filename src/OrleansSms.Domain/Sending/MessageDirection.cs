namespace OrleansSms.Domain.Sending;

/// <summary>Which way an SMS in a history went.</summary>
public enum MessageDirection
{
    /// <summary>Sent by the store to the contact.</summary>
    Outbound = 0,

    /// <summary>A reply from the contact's phone.</summary>
    Inbound = 1,
}
