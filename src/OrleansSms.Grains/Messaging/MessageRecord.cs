using OrleansSms.Abstractions.Messaging;
using OrleansSms.Domain.Sending;

namespace OrleansSms.Grains.Messaging;

/// <summary>One message as its owner (a contact, or a store's alerts) persists it.</summary>
[GenerateSerializer, Alias("sms.MessageRecord")]
public sealed class MessageRecord
{
    [Id(0)] public long Number { get; set; }
    [Id(1)] public string IdempotencyKey { get; set; } = "";
    [Id(2)] public string ClientId { get; set; } = "";
    [Id(3)] public string? SmsId { get; set; }
    [Id(4)] public SmsKind Kind { get; set; }
    [Id(5)] public string? WorkflowId { get; set; }
    [Id(6)] public string To { get; set; } = "";
    [Id(7)] public string From { get; set; } = "";

    /// <summary>Kept only until the provider took the message, so a resend sends the same text.</summary>
    [Id(8)] public string? Text { get; set; }
    [Id(9)] public bool AllowUnicode { get; set; }
    [Id(10)] public int Segments { get; set; }
    [Id(11)] public string? ProviderId { get; set; }
    [Id(12)] public MessageStatus Status { get; set; }
    [Id(13)] public string? ProviderStatus { get; set; }
    [Id(14)] public DateTimeOffset SentAt { get; set; }
    [Id(15)] public DateTimeOffset StatusAt { get; set; }
    [Id(16)] public string? Error { get; set; }

    /// <summary>How many times the provider was called for it.</summary>
    [Id(17)] public int Attempts { get; set; }

    /// <summary>A STOP report was applied to the owner already (reports repeat).</summary>
    [Id(18)] public bool StopApplied { get; set; }

    /// <summary>When the message was delivered, for "SMS Received" conditions.</summary>
    [Id(19)] public DateTimeOffset? DeliveredAt { get; set; }

    public OutboundSms ToOutbound() => new(ClientId, From, To, Text ?? "", AllowUnicode);

    public SmsHistoryEntry ToHistoryEntry() => new()
    {
        SmsId = SmsId,
        Kind = Kind,
        WorkflowId = WorkflowId,
        ClientId = ClientId,
        ProviderId = ProviderId,
        Status = Status,
        ProviderStatus = ProviderStatus,
        SentAt = SentAt,
        StatusAt = StatusAt,
        Error = Error,
        To = To,
        Segments = Segments,
    };

    public SendSmsResult ToResult(bool replayed) => new()
    {
        Status = Status switch
        {
            MessageStatus.Pending => SendStatus.Queued,
            MessageStatus.Refused => SendStatus.Failed,
            _ => SendStatus.Sent,
        },
        ClientId = ClientId,
        ProviderId = ProviderId,
        Error = Error,
        Replayed = replayed,
    };
}
