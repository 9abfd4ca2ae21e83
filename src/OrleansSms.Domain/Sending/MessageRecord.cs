namespace OrleansSms.Domain.Sending;

/// <summary>
/// One message as its owner (a contact, or a store's alerts) records it. Changed only through
/// <see cref="MessageLog"/>'s rules; stored as it is (the grains register its storage form).
/// </summary>
public sealed class MessageRecord
{
    public long Number { get; set; }
    public string IdempotencyKey { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string? SmsId { get; set; }
    public SmsKind Kind { get; set; }
    public string? WorkflowId { get; set; }
    public string To { get; set; } = "";
    public string From { get; set; } = "";

    /// <summary>Kept only until the provider took the message, so a resend sends the same text.</summary>
    public string? Text { get; set; }
    public bool AllowUnicode { get; set; }
    public int Segments { get; set; }
    public string? ProviderId { get; set; }
    public MessageStatus Status { get; set; }

    /// <summary>The provider's own word for the last report that changed the message (delivered, failed, stop, …).</summary>
    public string? ProviderStatus { get; set; }
    public DateTimeOffset SentAt { get; set; }
    public DateTimeOffset StatusAt { get; set; }
    public string? Error { get; set; }

    /// <summary>How many times the provider was called for it.</summary>
    public int Attempts { get; set; }

    /// <summary>
    /// Read and written back as stored, so stored records round-trip; nothing sets it: a STOP is kept with the
    /// owner's replies (<see cref="InboundLog"/>), not on the message it answers.
    /// </summary>
    public bool StopApplied { get; set; }

    /// <summary>When the message was delivered, for "SMS Received" conditions.</summary>
    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>The newsletter run that sent it, and its place there (see <see cref="NewsletterPlace"/>); null for any other message.</summary>
    public NewsletterPlace? Newsletter { get; set; }

    /// <summary>
    /// A report that came while the message was pending, before Instasent's answer named its id:
    /// kept unapplied until the answer shows whether it is about this message.
    /// </summary>
    public StatusReport? HeldReport { get; set; }

    /// <summary>How many provider answers so far named the message neither accepted nor rejected.</summary>
    public int UnaccountedAnswers { get; set; }

    /// <summary>
    /// What the request that recorded it asked for (see <see cref="RequestFingerprints"/>), when it
    /// came with its own idempotency key; null for the others and for records written before.
    /// </summary>
    public string? Fingerprint { get; set; }

    /// <summary>
    /// Which of the message's steps the store's SMS report has counted (see
    /// <see cref="Reports.SmsCounting"/>); <see cref="Reports.SmsTransitions.None"/> for a message the
    /// report does not count (recorded before reports were, or an alert).
    /// </summary>
    public Reports.SmsTransitions Counted { get; set; }
}
