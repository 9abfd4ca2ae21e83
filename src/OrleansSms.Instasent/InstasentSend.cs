namespace OrleansSms.Instasent;

/// <summary>One SMS as the client hands it to Instasent.</summary>
/// <param name="ClientId">Our id of the message; Instasent refuses a second message with the same one.</param>
/// <param name="From">The sender name or number.</param>
/// <param name="To">The destination in E.164.</param>
/// <param name="Text">The message text.</param>
/// <param name="AllowUnicode">Whether Instasent may send it as UCS-2 (else GSM-7 only).</param>
public sealed record InstasentMessage(string ClientId, string From, string To, string Text, bool AllowUnicode);

/// <summary>How Instasent answered one message.</summary>
public enum InstasentOutcomeKind
{
    /// <summary>Accepted; <see cref="InstasentOutcome.ProviderId"/> holds Instasent's id when known.</summary>
    Accepted = 0,

    /// <summary>Refused for good (400, 401, 402, a per-item error): sending it again cannot help.</summary>
    Refused = 1,

    /// <summary>Not sent for now (429, 5xx, network, open circuit) after the retries: try again later.</summary>
    Transient = 2,

    /// <summary>
    /// A 201 whose answer names the message in neither its accepted nor its rejected list: it may
    /// or may not have been taken. Sent again with the same clientId (a duplicate refusal then
    /// means it was), a bounded number of times.
    /// </summary>
    Unaccounted = 3,
}

/// <summary>The outcome of one message: accepted (with Instasent's id when known), refused, or to be tried later.</summary>
public sealed record InstasentOutcome(InstasentOutcomeKind Kind, string? ProviderId, string? Error)
{
    public static InstasentOutcome Accepted(string? providerId) => new(InstasentOutcomeKind.Accepted, providerId, null);

    public static InstasentOutcome Refused(string error) => new(InstasentOutcomeKind.Refused, null, error);

    public static InstasentOutcome Transient(string error) => new(InstasentOutcomeKind.Transient, null, error);

    public static InstasentOutcome Unaccounted(string error) => new(InstasentOutcomeKind.Unaccounted, null, error);
}
