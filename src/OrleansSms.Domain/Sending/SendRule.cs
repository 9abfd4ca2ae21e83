using OrleansSms.Domain.Contacts;

namespace OrleansSms.Domain.Sending;

/// <summary>Why an SMS was not sent. Wire names are camelCase: <c>noPhone</c>,
/// <c>bounced</c>, <c>paused</c>, <c>notSubscribed</c>, <c>tooLong</c>, <c>deleted</c> (see <see cref="SendRule.ToWire"/>).</summary>
public enum SkipReason
{
    NoPhone = 0,
    Bounced = 1,
    Paused = 2,
    NotSubscribed = 3,

    /// <summary>The rendered text takes more segments than the channel's <c>maxSegments</c> (see <see cref="MessageLength"/>).</summary>
    TooLong = 4,

    /// <summary>The contact was erased: nothing of it is left to send to.</summary>
    Deleted = 5,
}

/// <summary>The send rule's verdict: send, or skip with a reason.</summary>
public readonly record struct SendDecision(bool Send, SkipReason? Reason)
{
    public static SendDecision Allow { get; } = new(true, null);

    public static SendDecision Skip(SkipReason reason) => new(false, reason);
}

/// <summary>
/// docs/product.md, "The send rule": who may receive an SMS. Checked in this order: no <c>_mobilePhone</c> →
/// <see cref="SkipReason.NoPhone"/>; <c>bounced</c> → <see cref="SkipReason.Bounced"/>;
/// <c>paused</c> → <see cref="SkipReason.Paused"/>; then a newsletter needs <c>subscribed</c>
/// (<see cref="SkipReason.NotSubscribed"/> for <c>notSubscribed</c> and <c>none</c>), while a
/// transactional message to an active phone is always sent.
/// </summary>
public static class SendRule
{
    private static readonly SendDecision SkipNoPhone = SendDecision.Skip(SkipReason.NoPhone);
    private static readonly SendDecision SkipBounced = SendDecision.Skip(SkipReason.Bounced);
    private static readonly SendDecision SkipPaused = SendDecision.Skip(SkipReason.Paused);
    private static readonly SendDecision SkipNotSubscribed = SendDecision.Skip(SkipReason.NotSubscribed);

    public static SendDecision Evaluate(string? mobilePhone, PhoneStatus phoneStatus, SubscriptionStatus subscription, SmsKind kind)
    {
        if (string.IsNullOrWhiteSpace(mobilePhone)) return SkipNoPhone;
        switch (phoneStatus)
        {
            case PhoneStatus.Active: break;
            case PhoneStatus.Bounced: return SkipBounced;
            case PhoneStatus.Paused: return SkipPaused;
            default: throw new ArgumentOutOfRangeException(nameof(phoneStatus), phoneStatus, null);
        }
        return kind switch
        {
            SmsKind.Transactional => SendDecision.Allow,
            SmsKind.Newsletter => subscription == SubscriptionStatus.Subscribed ? SendDecision.Allow : SkipNotSubscribed,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>The camelCase wire name of a skip reason.</summary>
    public static string ToWire(SkipReason reason) => reason switch
    {
        SkipReason.NoPhone => "noPhone",
        SkipReason.Bounced => "bounced",
        SkipReason.Paused => "paused",
        SkipReason.NotSubscribed => "notSubscribed",
        SkipReason.TooLong => "tooLong",
        SkipReason.Deleted => "deleted",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
