using OrleansSms.Domain.Contacts;
using OrleansSms.Domain.Sending;

namespace OrleansSms.Domain.Tests.Sending;

/// <summary>
/// Every status Instasent reports, as a contact applies it: where the message ends (its
/// history status), the contact's phone status and its count of soft bounces.
/// </summary>
public class ReportStatusTableTests
{
    private const string ProviderId = "p-1";
    private static readonly DateTimeOffset SentAt = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    /// <summary>A contact's phone and one message, as the contact grain holds them.</summary>
    private sealed class Contact(int softBounces = 0, int limit = PhoneBounces.DefaultSoftBounceLimit)
    {
        public PhoneStatus Phone { get; private set; } = PhoneStatus.Active;
        public int SoftBounces { get; private set; } = softBounces;
        public int Bounced { get; private set; }

        public MessageRecord Message { get; } = NewMessage();

        public ReportEffects Apply(string status, MessageRecord? message = null, int minute = 1)
        {
            var effects = MessageLog.ApplyReport(message ?? Message, new StatusReport(ProviderId, status, 1, SentAt.AddMinutes(minute)), SentAt.AddHours(1));
            var after = PhoneBounces.Apply(Phone, SoftBounces, effects, limit);
            (Phone, SoftBounces) = (after.Status, after.SoftBounces);
            Bounced += after.BouncedNow ? 1 : 0;
            return effects;
        }
    }

    private static MessageRecord NewMessage() => new()
    {
        Number = 1,
        ClientId = "c-1",
        To = "+34600111222",
        ProviderId = ProviderId,
        Status = MessageStatus.Accepted,
        SentAt = SentAt,
        StatusAt = SentAt,
    };

    // One report on a message the provider took, for a contact with one soft bounce already:
    // the message's state, its history status, the phone status and the soft-bounce count.
    [Theory]
    [InlineData("sent", MessageStatus.Sent, DeliveryStatus.Sent, PhoneStatus.Active, 1)]
    [InlineData("accepted", MessageStatus.Sent, DeliveryStatus.Sent, PhoneStatus.Active, 1)]
    [InlineData("buffered", MessageStatus.Sent, DeliveryStatus.Sent, PhoneStatus.Active, 1)]
    [InlineData("delivered", MessageStatus.Delivered, DeliveryStatus.Delivered, PhoneStatus.Active, 0)]
    [InlineData("failed", MessageStatus.Failed, DeliveryStatus.Undelivered, PhoneStatus.Bounced, 1)]
    [InlineData("rejected", MessageStatus.Failed, DeliveryStatus.Undelivered, PhoneStatus.Bounced, 1)]
    [InlineData("error", MessageStatus.Failed, DeliveryStatus.Undelivered, PhoneStatus.Active, 2)]
    [InlineData("expired", MessageStatus.Failed, DeliveryStatus.Undelivered, PhoneStatus.Active, 2)]
    [InlineData("canceled", MessageStatus.Failed, DeliveryStatus.Undelivered, PhoneStatus.Active, 2)]
    [InlineData("unknown", MessageStatus.Failed, DeliveryStatus.Undelivered, PhoneStatus.Active, 2)]
    [InlineData("EXPIRED", MessageStatus.Failed, DeliveryStatus.Undelivered, PhoneStatus.Active, 2)]
    public void Each_status(string status, MessageStatus state, DeliveryStatus delivery, PhoneStatus phone, int softBounces)
    {
        var contact = new Contact(softBounces: 1);

        var effects = contact.Apply(status);

        Assert.True(effects.Changed);
        Assert.Equal(state, contact.Message.Status);
        Assert.Equal(delivery, MessageStatuses.Delivery(contact.Message.Status));
        Assert.Equal(status.ToLowerInvariant(), contact.Message.ProviderStatus);
        Assert.Equal(phone, contact.Phone);
        Assert.Equal(softBounces, contact.SoftBounces);
    }

    // A stop is a reply (see InboundLogTests): the message it names is left as it was.
    [Fact]
    public void A_stop_leaves_the_message_and_the_phone_as_they_were()
    {
        var contact = new Contact(softBounces: 1);

        var effects = contact.Apply("stop");

        Assert.False(effects.Changed);
        Assert.Equal(MessageStatus.Accepted, contact.Message.Status);
        Assert.Null(contact.Message.ProviderStatus);
        Assert.Equal(PhoneStatus.Active, contact.Phone);
        Assert.Equal(1, contact.SoftBounces);
    }

    public static TheoryData<string> EveryStatus()
    {
        var data = new TheoryData<string>();
        foreach (var status in ProviderStatuses.All)
        {
            data.Add(status);
        }

        return data;
    }

    // Instasent retries callbacks: the same report twice counts once and changes nothing the second time.
    [Theory]
    [MemberData(nameof(EveryStatus))]
    public void Each_status_twice_is_applied_once(string status)
    {
        var once = new Contact(softBounces: 1);
        once.Apply(status);
        var twice = new Contact(softBounces: 1);
        twice.Apply(status);

        var again = twice.Apply(status, minute: 2);

        Assert.False(again.Changed);
        Assert.Equal(once.Message.Status, twice.Message.Status);
        Assert.Equal(once.Message.StatusAt, twice.Message.StatusAt);
        Assert.Equal(once.Phone, twice.Phone);
        Assert.Equal(once.SoftBounces, twice.SoftBounces);
        Assert.True(twice.Bounced <= 1);
    }

    // Two reports for one message, in each order: the first final status stays, and the
    // contact counts the message once, by that status.
    [Theory]
    [InlineData("delivered", "expired", MessageStatus.Delivered, PhoneStatus.Active, 0)]
    [InlineData("expired", "delivered", MessageStatus.Failed, PhoneStatus.Active, 2)]
    [InlineData("delivered", "failed", MessageStatus.Delivered, PhoneStatus.Active, 0)]
    [InlineData("failed", "delivered", MessageStatus.Failed, PhoneStatus.Bounced, 1)]
    [InlineData("expired", "failed", MessageStatus.Failed, PhoneStatus.Active, 2)]
    [InlineData("failed", "expired", MessageStatus.Failed, PhoneStatus.Bounced, 1)]
    [InlineData("error", "canceled", MessageStatus.Failed, PhoneStatus.Active, 2)]
    [InlineData("buffered", "expired", MessageStatus.Failed, PhoneStatus.Active, 2)]
    [InlineData("expired", "buffered", MessageStatus.Failed, PhoneStatus.Active, 2)]
    [InlineData("sent", "delivered", MessageStatus.Delivered, PhoneStatus.Active, 0)]
    [InlineData("delivered", "sent", MessageStatus.Delivered, PhoneStatus.Active, 0)]
    [InlineData("stop", "expired", MessageStatus.Failed, PhoneStatus.Active, 2)]
    [InlineData("expired", "stop", MessageStatus.Failed, PhoneStatus.Active, 2)]
    public void Two_statuses_in_order(string first, string second, MessageStatus state, PhoneStatus phone, int softBounces)
    {
        var contact = new Contact(softBounces: 1);

        contact.Apply(first, minute: 1);
        contact.Apply(second, minute: 2);

        Assert.Equal(state, contact.Message.Status);
        Assert.Equal(phone, contact.Phone);
        Assert.Equal(softBounces, contact.SoftBounces);
    }

    // Soft bounces in a row bounce the phone at the limit; a delivery in between starts the count again.
    [Theory]
    [InlineData(new[] { "expired", "expired", "expired" }, 3, PhoneStatus.Bounced, 3)]
    [InlineData(new[] { "expired", "expired" }, 3, PhoneStatus.Active, 2)]
    [InlineData(new[] { "expired", "delivered", "expired", "expired" }, 3, PhoneStatus.Active, 2)]
    [InlineData(new[] { "expired", "expired", "delivered", "expired", "expired", "expired" }, 3, PhoneStatus.Bounced, 3)]
    [InlineData(new[] { "error", "canceled", "unknown" }, 3, PhoneStatus.Bounced, 3)]
    [InlineData(new[] { "expired" }, 1, PhoneStatus.Bounced, 1)]
    [InlineData(new[] { "expired", "sent", "buffered", "expired" }, 2, PhoneStatus.Bounced, 2)]
    [InlineData(new[] { "expired", "expired", "expired", "expired" }, 5, PhoneStatus.Active, 4)]
    public void Consecutive_soft_bounces_over_messages(string[] finals, int limit, PhoneStatus phone, int softBounces)
    {
        var contact = new Contact(limit: limit);
        foreach (var status in finals)
        {
            // Each report is about its own message.
            contact.Apply(status, NewMessage());
        }

        Assert.Equal(phone, contact.Phone);
        Assert.Equal(softBounces, contact.SoftBounces);
        Assert.True(contact.Bounced <= 1);
    }

    public static TheoryData<string, string, string> EveryThreeStatuses()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var a in ProviderStatuses.All)
        foreach (var b in ProviderStatuses.All)
        foreach (var c in ProviderStatuses.All)
        {
            data.Add(a, b, c);
        }

        return data;
    }

    // Any three reports for one message, in any order: the first final one decides the message
    // and the contact, once; the others change neither.
    [Theory]
    [MemberData(nameof(EveryThreeStatuses))]
    public void Any_three_statuses_settle_once_by_the_first_final_one(string a, string b, string c)
    {
        var contact = new Contact(softBounces: 1);
        var settled = 0;
        var minute = 0;
        foreach (var status in new[] { a, b, c })
        {
            var effects = contact.Apply(status, minute: ++minute);
            settled += (effects.Bounce ? 1 : 0) + (effects.SoftBounce ? 1 : 0) + (effects.Delivered ? 1 : 0);
        }

        var first = new[] { a, b, c }.FirstOrDefault(s => ProviderStatuses.Classify(s) is ProviderStatusClass.Delivered or ProviderStatusClass.HardBounce or ProviderStatusClass.SoftBounce);
        var expected = first is null ? ProviderStatusClass.Progress : ProviderStatuses.Classify(first);
        Assert.Equal(first is null ? 0 : 1, settled);
        Assert.Equal(expected switch
        {
            ProviderStatusClass.Delivered => DeliveryStatus.Delivered,
            ProviderStatusClass.Progress => DeliveryStatus.Sent,
            _ => DeliveryStatus.Undelivered,
        }, MessageStatuses.Delivery(contact.Message.Status));
        Assert.Equal(expected == ProviderStatusClass.HardBounce ? PhoneStatus.Bounced : PhoneStatus.Active, contact.Phone);
        Assert.Equal(expected switch
        {
            ProviderStatusClass.Delivered => 0,
            ProviderStatusClass.SoftBounce => 2,
            _ => 1,
        }, contact.SoftBounces);
        if (first is not null)
        {
            Assert.Equal(first, contact.Message.ProviderStatus);
        }
    }

    [Fact]
    public void A_bounced_phone_is_not_bounced_again()
    {
        var state = PhoneBounces.Apply(PhoneStatus.Bounced, 2, new ReportEffects(false, true, true), 3);

        Assert.Equal(new PhoneBounceState(PhoneStatus.Bounced, 2, BouncedNow: false), state);
    }

    [Fact]
    public void Every_listed_status_has_its_class()
    {
        Assert.Equal(11, ProviderStatuses.All.Count);
        Assert.Equal(
            ["sent:Progress", "accepted:Progress", "buffered:Progress", "delivered:Delivered", "error:SoftBounce", "failed:HardBounce",
             "expired:SoftBounce", "canceled:SoftBounce", "rejected:HardBounce", "unknown:SoftBounce", "stop:Stop"],
            ProviderStatuses.All.Select(s => $"{s}:{ProviderStatuses.Classify(s)}"));
    }
}
