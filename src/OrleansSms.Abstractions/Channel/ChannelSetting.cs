namespace OrleansSms.Abstractions.Channel;

/// <summary>The settings a <see cref="StoreChannelSettings"/> carries: those it does not name keep their value.</summary>
[Flags]
public enum ChannelSetting
{
    None = 0,
    Provider = 1,
    DefaultSubscriptionStatus = 1 << 1,
    ThrottlePerSecond = 1 << 2,
    DefaultCountry = 1 << 3,
    SoftBounceLimit = 1 << 4,
    OptOutKeywords = 1 << 5,
    OptInKeywords = 1 << 6,
    MaxSegments = 1 << 7,
    All = Provider | DefaultSubscriptionStatus | ThrottlePerSecond | DefaultCountry | SoftBounceLimit | OptOutKeywords | OptInKeywords | MaxSegments,
}
