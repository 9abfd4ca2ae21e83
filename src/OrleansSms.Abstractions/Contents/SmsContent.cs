namespace OrleansSms.Abstractions.Contents;

/// <summary>A store's SMS content: a name and a text with variables.</summary>
[GenerateSerializer, Immutable, Alias("sms.SmsContent")]
public sealed record SmsContent(
    [property: Id(0)] string SmsId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Text,
    [property: Id(3)] DateTimeOffset UpdatedAt);
