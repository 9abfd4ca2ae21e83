namespace OrleansSms.Abstractions.Callbacks;

/// <summary>Why a well-formed report could not be routed to a contact.</summary>
public enum UnmatchedReason
{
    /// <summary>Instasent sent no clientId ("if any"): an inbound message or a stop from a number we never wrote to through this token, or a report of a message sent outside the product.</summary>
    NoClientId = 0,

    /// <summary>A clientId the product did not give (another system sends with the same token).</summary>
    ForeignClientId = 1,

    /// <summary>The clientId names a contact the store never had (a report about an erased contact is ignored, not kept).</summary>
    UnknownContact = 2,

    /// <summary>A reply (or a stop) to one of the store's alerts: no contact stands behind an alert.</summary>
    AlertReply = 3,
}
