using OrleansSms.Abstractions.Channel;
using OrleansSms.Domain.Contacts;

namespace OrleansSms.Grains.Channel;

/// <summary>Persisted state of <see cref="StoreChannelGrain"/>.</summary>
[GenerateSerializer, Alias("sms.StoreChannelState")]
public sealed class StoreChannelState
{
    [Id(0)] public bool Configured { get; set; }
    [Id(1)] public string Provider { get; set; } = "";
    [Id(2)] public string ApiToken { get; set; } = "";
    [Id(3)] public SubscriptionStatus DefaultSubscriptionStatus { get; set; }
    [Id(4)] public int? ThrottlePerSecond { get; set; }
    [Id(5)] public string? DefaultCountry { get; set; }
    [Id(6)] public string CallbackSecret { get; set; } = "";
    [Id(7)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Null (also in state written before the setting existed) is the default limit.</summary>
    [Id(8)] public int? SoftBounceLimit { get; set; }

    /// <summary>The token's account balance as last read when the token was saved; null when never read (and in older state).</summary>
    [Id(9)] public StoreChannelBalance? Balance { get; set; }

    /// <summary>What the token's check found when it was saved; null when not checked (and in older state).</summary>
    [Id(10)] public string? TokenCheck { get; set; }

    /// <summary>Null (and in older state) is the default list.</summary>
    [Id(11)] public string[]? OptOutKeywords { get; set; }

    /// <summary>Null (and in older state) is the default list.</summary>
    [Id(12)] public string[]? OptInKeywords { get; set; }

    /// <summary>Null (and in older state) is the default limit.</summary>
    [Id(13)] public int? MaxSegments { get; set; }
}
