using OrleansSms.Domain.Contacts;
using OrleansSms.Domain.Sending;

namespace OrleansSms.Domain.Tests.Sending;

public class SendRuleTests
{
    private const string Phone = "+34600111222";

    // docs/product.md "The send rule", every combination: 3 phone statuses × 3 subscriptions × 2 kinds.
    [Theory]
    [InlineData(PhoneStatus.Active, SubscriptionStatus.Subscribed, SmsKind.Newsletter, null)]
    [InlineData(PhoneStatus.Active, SubscriptionStatus.Subscribed, SmsKind.Transactional, null)]
    [InlineData(PhoneStatus.Active, SubscriptionStatus.NotSubscribed, SmsKind.Newsletter, SkipReason.NotSubscribed)]
    [InlineData(PhoneStatus.Active, SubscriptionStatus.NotSubscribed, SmsKind.Transactional, null)]
    [InlineData(PhoneStatus.Active, SubscriptionStatus.None, SmsKind.Newsletter, SkipReason.NotSubscribed)]
    [InlineData(PhoneStatus.Active, SubscriptionStatus.None, SmsKind.Transactional, null)]
    [InlineData(PhoneStatus.Bounced, SubscriptionStatus.Subscribed, SmsKind.Newsletter, SkipReason.Bounced)]
    [InlineData(PhoneStatus.Bounced, SubscriptionStatus.Subscribed, SmsKind.Transactional, SkipReason.Bounced)]
    [InlineData(PhoneStatus.Bounced, SubscriptionStatus.NotSubscribed, SmsKind.Newsletter, SkipReason.Bounced)]
    [InlineData(PhoneStatus.Bounced, SubscriptionStatus.NotSubscribed, SmsKind.Transactional, SkipReason.Bounced)]
    [InlineData(PhoneStatus.Bounced, SubscriptionStatus.None, SmsKind.Newsletter, SkipReason.Bounced)]
    [InlineData(PhoneStatus.Bounced, SubscriptionStatus.None, SmsKind.Transactional, SkipReason.Bounced)]
    [InlineData(PhoneStatus.Paused, SubscriptionStatus.Subscribed, SmsKind.Newsletter, SkipReason.Paused)]
    [InlineData(PhoneStatus.Paused, SubscriptionStatus.Subscribed, SmsKind.Transactional, SkipReason.Paused)]
    [InlineData(PhoneStatus.Paused, SubscriptionStatus.NotSubscribed, SmsKind.Newsletter, SkipReason.Paused)]
    [InlineData(PhoneStatus.Paused, SubscriptionStatus.NotSubscribed, SmsKind.Transactional, SkipReason.Paused)]
    [InlineData(PhoneStatus.Paused, SubscriptionStatus.None, SmsKind.Newsletter, SkipReason.Paused)]
    [InlineData(PhoneStatus.Paused, SubscriptionStatus.None, SmsKind.Transactional, SkipReason.Paused)]
    public void Table_with_a_phone(PhoneStatus phoneStatus, SubscriptionStatus subscription, SmsKind kind, SkipReason? expected)
    {
        var decision = SendRule.Evaluate(Phone, phoneStatus, subscription, kind);
        Assert.Equal(expected is null, decision.Send);
        Assert.Equal(expected, decision.Reason);
        Assert.Equal(expected is null ? SendDecision.Allow : new SendDecision(false, expected.Value), decision);
    }

    public static TheoryData<string?, PhoneStatus, SubscriptionStatus, SmsKind> NoPhoneRows()
    {
        var data = new TheoryData<string?, PhoneStatus, SubscriptionStatus, SmsKind>();
        foreach (var phone in new[] { null, "", "  " })
        foreach (var ps in Enum.GetValues<PhoneStatus>())
        foreach (var ss in Enum.GetValues<SubscriptionStatus>())
        foreach (var kind in Enum.GetValues<SmsKind>())
        {
            data.Add(phone, ps, ss, kind);
        }
        return data;
    }

    // No phone wins over every status (checked first), for both kinds.
    [Theory]
    [MemberData(nameof(NoPhoneRows))]
    public void No_phone_is_always_skipped_first(string? phone, PhoneStatus phoneStatus, SubscriptionStatus subscription, SmsKind kind)
    {
        var decision = SendRule.Evaluate(phone, phoneStatus, subscription, kind);
        Assert.False(decision.Send);
        Assert.Equal(SkipReason.NoPhone, decision.Reason);
    }

    [Theory]
    [InlineData(SkipReason.NoPhone, "noPhone")]
    [InlineData(SkipReason.Bounced, "bounced")]
    [InlineData(SkipReason.Paused, "paused")]
    [InlineData(SkipReason.NotSubscribed, "notSubscribed")]
    [InlineData(SkipReason.TooLong, "tooLong")]
    [InlineData(SkipReason.Deleted, "deleted")]
    public void Wire_names(SkipReason reason, string wire) => Assert.Equal(wire, SendRule.ToWire(reason));
}
