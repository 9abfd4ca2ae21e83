namespace OrleansSms.Abstractions.Alerts;

/// <summary>An SMS to a fixed number (an alert), not to a contact: the send rule does not apply.</summary>
[GenerateSerializer, Immutable, Alias("sms.SendAlertCommand")]
public sealed record SendAlertCommand
{
    [Id(0)] public required string IdempotencyKey { get; init; }

    /// <summary>The recipient in E.164.</summary>
    [Id(1)] public required string To { get; init; }
    [Id(2)] public required string Text { get; init; }
    [Id(3)] public Dictionary<string, string> Variables { get; init; } = new(StringComparer.Ordinal);
    [Id(4)] public required string SenderName { get; init; }
    [Id(5)] public string? SmsId { get; init; }
    [Id(6)] public string? WorkflowId { get; init; }

    /// <summary>The channel's <c>maxSegments</c> as the caller read it; null: the alerts grain reads it from the channel.</summary>
    [Id(7)] public int? MaxSegments { get; init; }

    /// <summary>What the caller asked for (see <see cref="Sending.SendSmsCommand.Fingerprint"/>); null: a known key always replays.</summary>
    [Id(8)] public string? Fingerprint { get; init; }
}
