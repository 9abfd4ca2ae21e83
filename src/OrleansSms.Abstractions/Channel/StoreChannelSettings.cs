using System.Text;
using OrleansSms.Domain.Contacts;
using OrleansSms.Domain.Sending;

namespace OrleansSms.Abstractions.Channel;

/// <summary>
/// What a store asks for when it configures its SMS channel: a merge. The settings named in
/// <see cref="Given"/> take the values here (null: the setting's default), the others keep theirs.
/// </summary>
[GenerateSerializer, Immutable, Alias("sms.StoreChannelSettings")]
public sealed record StoreChannelSettings
{
    [Id(0)] public string Provider { get; init; } = StoreChannel.InstasentProvider;

    /// <summary>The Instasent token; null keeps the token already configured.</summary>
    [Id(1)] public string? ApiToken { get; init; }
    [Id(2)] public SubscriptionStatus DefaultSubscriptionStatus { get; init; }
    [Id(3)] public int? ThrottlePerSecond { get; init; }
    [Id(4)] public string? DefaultCountry { get; init; }

    /// <summary>Soft bounces in a row that bounce a contact's phone; null is <see cref="PhoneBounces.DefaultSoftBounceLimit"/>.</summary>
    [Id(5)] public int? SoftBounceLimit { get; init; }

    /// <summary>
    /// The Instasent account behind <see cref="ApiToken"/> as its check read it when saved; null
    /// when it could not be read. Used only with a new token (the old token's balance is then dropped).
    /// </summary>
    [Id(6)] public StoreChannelBalance? Balance { get; init; }

    /// <summary>What the check of a new <see cref="ApiToken"/> found: <c>verified</c> or <c>unavailable</c>; null when not checked.</summary>
    [Id(7)] public string? TokenCheck { get; init; }

    /// <summary>Opt-out keywords, normalized; null keeps those configured (the defaults on a new channel).</summary>
    [Id(8)] public string[]? OptOutKeywords { get; init; }

    /// <summary>Opt-in keywords, normalized; null keeps those configured (the defaults on a new channel).</summary>
    [Id(9)] public string[]? OptInKeywords { get; init; }

    /// <summary>The settings this carries; null is all of them (a replace, as callers before merging sent).</summary>
    [Id(10)] public ChannelSetting? Given { get; init; }

    /// <summary>The most segments a rendered message may take; null is <see cref="MessageLength.DefaultMaxSegments"/>.</summary>
    [Id(11)] public int? MaxSegments { get; init; }

    /// <summary>Whether this carries <paramref name="setting"/>.</summary>
    public bool Sets(ChannelSetting setting) => ((Given ?? ChannelSetting.All) & setting) != 0;

    // Records print every property; the token must never reach a log line.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Provider = {Provider}, ApiToken = {StoreChannel.Mask(ApiToken)}, ");
        builder.Append($"DefaultSubscriptionStatus = {DefaultSubscriptionStatus}, ThrottlePerSecond = {ThrottlePerSecond}, DefaultCountry = {DefaultCountry}, SoftBounceLimit = {SoftBounceLimit}, Balance = {Balance}, TokenCheck = {TokenCheck}, ");
        builder.Append($"OptOutKeywords = [{string.Join(", ", OptOutKeywords ?? [])}], OptInKeywords = [{string.Join(", ", OptInKeywords ?? [])}], MaxSegments = {MaxSegments}, Given = {Given}");
        return true;
    }
}
