using OrleansSms.Domain.Reports;
using OrleansSms.Domain.Sending;

namespace OrleansSms.Grains.Sending;

/// <summary>
/// The stored form of a <see cref="MessageLog"/> (the Domain type carries no serialization
/// attributes). Ids and alias are those the state has always been written with, so stored
/// contacts and alerts read as before. Members at their default are not written (a missing one
/// reads as its default), so a log without unaccounted answers, newsletter places or fingerprints
/// is stored exactly as before those members existed; the records' own stored form is fixed.
/// </summary>
[GenerateSerializer, OmitDefaultMemberValues, Alias("sms.MessageLogState")]
public struct MessageLogSurrogate
{
    [Id(0)] public long LastNumber;
    [Id(1)] public List<MessageRecord> Records;

    /// <summary><see cref="MessageRecord.UnaccountedAnswers"/> by message number, for the records where it is not 0; null when none.</summary>
    [Id(2)] public Dictionary<long, int>? Unaccounted;

    /// <summary><see cref="MessageRecord.Newsletter"/> by message number, for the records a newsletter's shard sent; null when none.</summary>
    [Id(3)] public Dictionary<long, NewsletterPlace>? Newsletters;

    /// <summary><see cref="MessageRecord.Fingerprint"/> by message number, for the records that have one; null when none (and in older state).</summary>
    [Id(4)] public Dictionary<long, string>? Fingerprints;

    /// <summary><see cref="MessageRecord.HeldReport"/> by message number, for the pending records that hold one; null when none.</summary>
    [Id(5)] public Dictionary<long, StatusReport>? Held;

    /// <summary>
    /// <see cref="MessageRecord.Counted"/> by message number, for the records the SMS report may
    /// still count something of; null when none. A record absent here reads as counting nothing
    /// more: one recorded before reports were counted, or final with every step counted.
    /// </summary>
    [Id(6)] public Dictionary<long, SmsTransitions>? Counting;
}

[RegisterConverter]
public sealed class MessageLogConverter : IConverter<MessageLog, MessageLogSurrogate>
{
    public MessageLog ConvertFromSurrogate(in MessageLogSurrogate surrogate)
    {
        var log = new MessageLog { LastNumber = surrogate.LastNumber, Records = surrogate.Records ?? [] };
        if (surrogate.Unaccounted is { } unaccounted)
        {
            foreach (var record in log.Records)
            {
                record.UnaccountedAnswers = unaccounted.GetValueOrDefault(record.Number);
            }
        }

        if (surrogate.Newsletters is { } newsletters)
        {
            foreach (var record in log.Records)
            {
                record.Newsletter = newsletters.GetValueOrDefault(record.Number);
            }
        }

        if (surrogate.Held is { } held)
        {
            foreach (var record in log.Records)
            {
                record.HeldReport = held.TryGetValue(record.Number, out var report) ? report : null;
            }
        }

        if (surrogate.Fingerprints is { } fingerprints)
        {
            foreach (var record in log.Records)
            {
                record.Fingerprint = fingerprints.GetValueOrDefault(record.Number);
            }
        }

        if (surrogate.Counting is { } counting)
        {
            foreach (var record in log.Records)
            {
                record.Counted = counting.GetValueOrDefault(record.Number);
            }
        }

        return log;
    }

    public MessageLogSurrogate ConvertToSurrogate(in MessageLog value)
    {
        Dictionary<long, int>? unaccounted = null;
        Dictionary<long, NewsletterPlace>? newsletters = null;
        Dictionary<long, StatusReport>? held = null;
        Dictionary<long, string>? fingerprints = null;
        Dictionary<long, SmsTransitions>? counting = null;
        foreach (var record in value.Records)
        {
            if (!SmsCounting.IsSettled(record))
            {
                (counting ??= []).Add(record.Number, record.Counted);
            }

            if (record.Fingerprint is { } fingerprint)
            {
                (fingerprints ??= []).Add(record.Number, fingerprint);
            }

            if (record.UnaccountedAnswers != 0)
            {
                (unaccounted ??= []).Add(record.Number, record.UnaccountedAnswers);
            }

            if (record.Newsletter is { } place)
            {
                (newsletters ??= []).Add(record.Number, place);
            }

            if (record.HeldReport is { } report)
            {
                (held ??= []).Add(record.Number, report);
            }
        }

        return new() { LastNumber = value.LastNumber, Records = value.Records, Unaccounted = unaccounted, Newsletters = newsletters, Fingerprints = fingerprints, Held = held, Counting = counting };
    }
}

/// <summary>The stored form of a <see cref="MessageRecord"/>: same ids and alias as always.</summary>
[GenerateSerializer, Alias("sms.MessageRecord")]
public struct MessageRecordSurrogate
{
    [Id(0)] public long Number;
    [Id(1)] public string IdempotencyKey;
    [Id(2)] public string ClientId;
    [Id(3)] public string? SmsId;
    [Id(4)] public SmsKind Kind;
    [Id(5)] public string? WorkflowId;
    [Id(6)] public string To;
    [Id(7)] public string From;
    [Id(8)] public string? Text;
    [Id(9)] public bool AllowUnicode;
    [Id(10)] public int Segments;
    [Id(11)] public string? ProviderId;
    [Id(12)] public MessageStatus Status;
    [Id(13)] public string? ProviderStatus;
    [Id(14)] public DateTimeOffset SentAt;
    [Id(15)] public DateTimeOffset StatusAt;
    [Id(16)] public string? Error;
    [Id(17)] public int Attempts;
    [Id(18)] public bool StopApplied;
    [Id(19)] public DateTimeOffset? DeliveredAt;
}

[RegisterConverter]
public sealed class MessageRecordConverter : IConverter<MessageRecord, MessageRecordSurrogate>
{
    public MessageRecord ConvertFromSurrogate(in MessageRecordSurrogate s) => new()
    {
        Number = s.Number,
        IdempotencyKey = s.IdempotencyKey ?? "",
        ClientId = s.ClientId ?? "",
        SmsId = s.SmsId,
        Kind = s.Kind,
        WorkflowId = s.WorkflowId,
        To = s.To ?? "",
        From = s.From ?? "",
        Text = s.Text,
        AllowUnicode = s.AllowUnicode,
        Segments = s.Segments,
        ProviderId = s.ProviderId,
        Status = s.Status,
        ProviderStatus = s.ProviderStatus,
        SentAt = s.SentAt,
        StatusAt = s.StatusAt,
        Error = s.Error,
        Attempts = s.Attempts,
        StopApplied = s.StopApplied,
        DeliveredAt = s.DeliveredAt,
    };

    public MessageRecordSurrogate ConvertToSurrogate(in MessageRecord r) => new()
    {
        Number = r.Number,
        IdempotencyKey = r.IdempotencyKey,
        ClientId = r.ClientId,
        SmsId = r.SmsId,
        Kind = r.Kind,
        WorkflowId = r.WorkflowId,
        To = r.To,
        From = r.From,
        Text = r.Text,
        AllowUnicode = r.AllowUnicode,
        Segments = r.Segments,
        ProviderId = r.ProviderId,
        Status = r.Status,
        ProviderStatus = r.ProviderStatus,
        SentAt = r.SentAt,
        StatusAt = r.StatusAt,
        Error = r.Error,
        Attempts = r.Attempts,
        StopApplied = r.StopApplied,
        DeliveredAt = r.DeliveredAt,
    };
}

/// <summary>The stored form of a <see cref="StatusReport"/> held by a pending message.</summary>
[GenerateSerializer, Alias("sms.HeldReport")]
public struct StatusReportSurrogate
{
    [Id(0)] public string ProviderId;
    [Id(1)] public string Status;
    [Id(2)] public int? Code;
    [Id(3)] public DateTimeOffset? EventAt;
}

[RegisterConverter]
public sealed class StatusReportConverter : IConverter<StatusReport, StatusReportSurrogate>
{
    public StatusReport ConvertFromSurrogate(in StatusReportSurrogate surrogate) =>
        new(surrogate.ProviderId ?? "", surrogate.Status ?? "", surrogate.Code, surrogate.EventAt);

    public StatusReportSurrogate ConvertToSurrogate(in StatusReport value) =>
        new() { ProviderId = value.ProviderId, Status = value.Status, Code = value.Code, EventAt = value.EventAt };
}

