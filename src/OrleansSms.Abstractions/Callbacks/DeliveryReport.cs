namespace OrleansSms.Abstractions.Callbacks;

/// <summary>An Instasent delivery report, as the callback endpoint parsed it.</summary>
[GenerateSerializer, Immutable, Alias("sms.DeliveryReport")]
public sealed record DeliveryReport(
    [property: Id(0)] string ProviderId,
    [property: Id(1)] string ClientId,
    [property: Id(2)] string Status,
    [property: Id(3)] int? Code,
    [property: Id(4)] DateTimeOffset? EventAt);
