using OrleansSms.Domain.Sending;

namespace OrleansSms.Abstractions.Messaging;

/// <summary>
/// Send one SMS to a contact. <see cref="IdempotencyKey"/> (e.g. run id + node id, or the
/// newsletter run id) makes a repeated command a no-op that answers the first outcome.
/// </summary>
[GenerateSerializer, Immutable, Alias("sms.SendSmsCommand")]
public sealed record SendSmsCommand
{
    [Id(0)] public required string IdempotencyKey { get; init; }
    [Id(1)] public SmsKind Kind { get; init; }

    /// <summary>The SMS content the text came from, for history and "SMS Received" conditions.</summary>
    [Id(2)] public string? SmsId { get; init; }

    /// <summary>The text with <c>{{variables}}</c>.</summary>
    [Id(3)] public required string Text { get; init; }

    /// <summary>Values of the variables that do not come from the contact's own fields (event properties, fallbacks resolved).</summary>
    [Id(4)] public Dictionary<string, string> Variables { get; init; } = new(StringComparer.Ordinal);
    [Id(5)] public required string SenderName { get; init; }
    [Id(6)] public string? WorkflowId { get; init; }

    /// <summary>
    /// Part of a run over many contacts (a newsletter): the contact need not stay in memory
    /// afterwards, and goes once it has recorded the send.
    /// </summary>
    [Id(7)] public bool Bulk { get; init; }
}

public enum SendStatus
{
    /// <summary>The provider accepted it.</summary>
    Sent = 0,

    /// <summary>The send rule said no; <see cref="SendSmsResult.SkipReason"/> says why.</summary>
    Skipped = 1,

    /// <summary>The provider refused it for good.</summary>
    Failed = 2,

    /// <summary>Recorded, but the provider could not be reached: it is retried by a reminder, never lost.</summary>
    Queued = 3,
}

[GenerateSerializer, Immutable, Alias("sms.SendSmsResult")]
public sealed record SendSmsResult
{
    [Id(0)] public SendStatus Status { get; init; }
    [Id(1)] public SkipReason? SkipReason { get; init; }
    [Id(2)] public string? ClientId { get; init; }
    [Id(3)] public string? ProviderId { get; init; }
    [Id(4)] public string? Error { get; init; }

    /// <summary>True when the idempotency key had been seen: nothing was sent this time.</summary>
    [Id(5)] public bool Replayed { get; init; }
}

/// <summary>An Instasent delivery report, as the callback endpoint parsed it.</summary>
[GenerateSerializer, Immutable, Alias("sms.DeliveryReport")]
public sealed record DeliveryReport(
    [property: Id(0)] string ProviderId,
    [property: Id(1)] string ClientId,
    [property: Id(2)] string Status,
    [property: Id(3)] int? Code,
    [property: Id(4)] DateTimeOffset? EventAt);

public enum ReportOutcome
{
    /// <summary>The report changed the message (and maybe the contact).</summary>
    Applied = 0,

    /// <summary>Already known, or older than what the message already shows: nothing changed.</summary>
    Unchanged = 1,

    /// <summary>No such message, or its Instasent id differs: a forged or foreign report, ignored.</summary>
    Ignored = 2,
}

/// <summary>One SMS in a contact's (or a store's alert) history.</summary>
[GenerateSerializer, Immutable, Alias("sms.SmsHistoryEntry")]
public sealed record SmsHistoryEntry
{
    [Id(0)] public string? SmsId { get; init; }
    [Id(1)] public SmsKind Kind { get; init; }
    [Id(2)] public string? WorkflowId { get; init; }
    [Id(3)] public required string ClientId { get; init; }
    [Id(4)] public string? ProviderId { get; init; }
    [Id(5)] public MessageStatus Status { get; init; }

    /// <summary>The provider's own word for the last report (delivered, failed, stop, …).</summary>
    [Id(6)] public string? ProviderStatus { get; init; }
    [Id(7)] public DateTimeOffset SentAt { get; init; }
    [Id(8)] public DateTimeOffset StatusAt { get; init; }
    [Id(9)] public string? Error { get; init; }
    [Id(10)] public string? To { get; init; }
    [Id(11)] public int Segments { get; init; }
}
