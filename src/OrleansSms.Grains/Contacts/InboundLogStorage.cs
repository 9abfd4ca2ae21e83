using OrleansSms.Domain.Sending;

namespace OrleansSms.Grains.Contacts;

/// <summary>The stored form of a contact's <see cref="InboundLog"/> (the Domain type carries no serialization attributes).</summary>
[GenerateSerializer, Alias("sms.InboundLog")]
public struct InboundLogSurrogate
{
    [Id(0)] public List<InboundRecord> Records;
}

[RegisterConverter]
public sealed class InboundLogConverter : IConverter<InboundLog, InboundLogSurrogate>
{
    public InboundLog ConvertFromSurrogate(in InboundLogSurrogate surrogate) => new() { Records = surrogate.Records ?? [] };

    public InboundLogSurrogate ConvertToSurrogate(in InboundLog value) => new() { Records = value.Records };
}

/// <summary>The stored form of an <see cref="InboundRecord"/>; members at their default are not written.</summary>
[GenerateSerializer, OmitDefaultMemberValues, Alias("sms.InboundRecord")]
public struct InboundRecordSurrogate
{
    [Id(0)] public string ProviderId;
    [Id(1)] public string? ClientId;
    [Id(2)] public string? Text;
    [Id(3)] public string? Keyword;
    [Id(4)] public KeywordAction Action;
    [Id(5)] public bool Stop;
    [Id(6)] public DateTimeOffset ReceivedAt;
    [Id(7)] public bool Published;
    [Id(8)] public bool Uncounted;
    [Id(9)] public bool OptedOut;
}

[RegisterConverter]
public sealed class InboundRecordConverter : IConverter<InboundRecord, InboundRecordSurrogate>
{
    public InboundRecord ConvertFromSurrogate(in InboundRecordSurrogate s) => new()
    {
        ProviderId = s.ProviderId ?? "",
        ClientId = s.ClientId,
        Text = s.Text,
        Keyword = s.Keyword,
        Action = s.Action,
        Stop = s.Stop,
        ReceivedAt = s.ReceivedAt,
        Published = s.Published,
        Uncounted = s.Uncounted,
        OptedOut = s.OptedOut,
    };

    public InboundRecordSurrogate ConvertToSurrogate(in InboundRecord r) => new()
    {
        ProviderId = r.ProviderId,
        ClientId = r.ClientId,
        Text = r.Text,
        Keyword = r.Keyword,
        Action = r.Action,
        Stop = r.Stop,
        ReceivedAt = r.ReceivedAt,
        Published = r.Published,
        Uncounted = r.Uncounted,
        OptedOut = r.OptedOut,
    };
}
