namespace OrleansSms.Abstractions.Channel;

/// <summary>A store as the list of stores shows it: its channel's state, nothing secret.</summary>
[GenerateSerializer, Immutable, Alias("sms.StoreSummary")]
public sealed record StoreSummary
{
    [Id(0)] public required string StoreId { get; init; }
    [Id(1)] public required string Provider { get; init; }

    /// <summary>What the check of the channel's token found when it was saved (<see cref="StoreChannel.TokenCheck"/>).</summary>
    [Id(2)] public string? TokenCheck { get; init; }
    [Id(3)] public string? DefaultCountry { get; init; }
    [Id(4)] public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A page of stores in id order; <see cref="NextAfter"/> continues it (null: the list ends here).</summary>
[GenerateSerializer, Immutable, Alias("sms.StorePage")]
public sealed record StorePage(
    [property: Id(0)] StoreSummary[] Items,
    [property: Id(1)] string? NextAfter);
