namespace OrleansSms.Abstractions.Channel;

/// <summary>An Instasent account's balance, as <c>GET /organization/account</c> told it at <see cref="ReadAt"/>.</summary>
[GenerateSerializer, Immutable, Alias("sms.StoreChannelBalance")]
public sealed record StoreChannelBalance
{
    [Id(0)] public required decimal Amount { get; init; }

    /// <summary>ISO 4217, as Instasent gave it.</summary>
    [Id(1)] public required string Currency { get; init; }
    [Id(2)] public required DateTimeOffset ReadAt { get; init; }
}
