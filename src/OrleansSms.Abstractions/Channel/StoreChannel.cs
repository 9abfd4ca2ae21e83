using System.Text;
using OrleansSms.Domain.Contacts;
using OrleansSms.Domain.Sending;

namespace OrleansSms.Abstractions.Channel;

/// <summary>A store's configured SMS channel, secrets included: the API layer masks them.</summary>
[GenerateSerializer, Immutable, Alias("sms.StoreChannel")]
public sealed record StoreChannel
{
    public const string InstasentProvider = "instasent";

    [Id(0)] public required string StoreId { get; init; }
    [Id(1)] public required string Provider { get; init; }
    [Id(2)] public required string ApiToken { get; init; }
    [Id(3)] public SubscriptionStatus DefaultSubscriptionStatus { get; init; }
    [Id(4)] public int? ThrottlePerSecond { get; init; }
    [Id(5)] public string? DefaultCountry { get; init; }

    /// <summary>The secret in the callback URL; Instasent's only proof of origin.</summary>
    [Id(6)] public required string CallbackSecret { get; init; }
    [Id(7)] public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Soft bounces in a row (expired, error, …) that bounce a contact's phone (see <see cref="PhoneBounces"/>).</summary>
    [Id(8)] public int SoftBounceLimit { get; init; } = PhoneBounces.DefaultSoftBounceLimit;

    /// <summary>The Instasent account's balance when the token was last checked; null when never read.</summary>
    [Id(9)] public StoreChannelBalance? Balance { get; init; }

    /// <summary>What checking the token against Instasent found when it was saved: <c>verified</c>, <c>unavailable</c>, or null (not checked).</summary>
    [Id(10)] public string? TokenCheck { get; init; }

    /// <summary>Replies that unsubscribe the contact (normalized: upper case, no accents; see <see cref="SubscriptionKeywords"/>).</summary>
    [Id(11)] public string[] OptOutKeywords { get; init; } = [.. SubscriptionKeywords.DefaultOptOut];

    /// <summary>Replies that subscribe the contact again.</summary>
    [Id(12)] public string[] OptInKeywords { get; init; } = [.. SubscriptionKeywords.DefaultOptIn];

    /// <summary>The most segments a rendered message may take (see <see cref="MessageLength"/>).</summary>
    [Id(13)] public int MaxSegments { get; init; } = MessageLength.DefaultMaxSegments;

    /// <summary>
    /// <c>••••abcd</c>: enough for a person to recognise a token, nothing for anyone to use.
    /// Short tokens show no characters at all.
    /// </summary>
    public static string Mask(string? secret) =>
        secret is null ? "" : secret.Length < 12 ? "••••" : string.Concat("••••", secret.AsSpan(secret.Length - 4));

    /// <summary>
    /// The settings, by their API names, whose value differs between <paramref name="before"/>
    /// (null: a channel not yet configured, all defaults) and <paramref name="after"/>: what an
    /// audit entry names (<c>apiToken</c> included), never the values.
    /// </summary>
    public static string[] ChangedSettings(StoreChannel? before, StoreChannel after)
    {
        before ??= new StoreChannel { StoreId = after.StoreId, Provider = "", ApiToken = "", CallbackSecret = "" };
        var changed = new List<string>();
        void Compare(bool same, string name)
        {
            if (!same)
            {
                changed.Add(name);
            }
        }

        Compare(before.Provider == after.Provider, "provider");
        Compare(before.ApiToken == after.ApiToken, "apiToken");
        Compare(before.DefaultSubscriptionStatus == after.DefaultSubscriptionStatus, "defaultSubscriptionStatus");
        Compare(before.ThrottlePerSecond == after.ThrottlePerSecond, "throttlePerSecond");
        Compare(before.DefaultCountry == after.DefaultCountry, "defaultCountry");
        Compare(before.SoftBounceLimit == after.SoftBounceLimit, "softBounceLimit");
        Compare(before.OptOutKeywords.SequenceEqual(after.OptOutKeywords, StringComparer.Ordinal), "optOutKeywords");
        Compare(before.OptInKeywords.SequenceEqual(after.OptInKeywords, StringComparer.Ordinal), "optInKeywords");
        Compare(before.MaxSegments == after.MaxSegments, "maxSegments");
        return [.. changed];
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"StoreId = {StoreId}, Provider = {Provider}, ApiToken = {Mask(ApiToken)}, ");
        builder.Append($"DefaultSubscriptionStatus = {DefaultSubscriptionStatus}, ThrottlePerSecond = {ThrottlePerSecond}, ");
        builder.Append($"DefaultCountry = {DefaultCountry}, CallbackSecret = ••••, UpdatedAt = {UpdatedAt:O}, SoftBounceLimit = {SoftBounceLimit}, Balance = {Balance}, TokenCheck = {TokenCheck}, ");
        builder.Append($"OptOutKeywords = [{string.Join(", ", OptOutKeywords)}], OptInKeywords = [{string.Join(", ", OptInKeywords)}], MaxSegments = {MaxSegments}");
        return true;
    }
}
