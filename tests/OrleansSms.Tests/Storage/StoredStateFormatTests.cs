using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Domain.Contacts;
using OrleansSms.Domain.Sending;
using OrleansSms.Grains.Alerts;
using OrleansSms.Grains.Contacts;

namespace OrleansSms.Tests.Storage;

/// <summary>
/// Contacts and alerts stored by earlier versions still read. The bytes below were written by
/// the Orleans serializer when the message log's records were generated-serializer classes of
/// the Grains project; they are now plain Domain types stored through surrogates with the same
/// ids and aliases (see MessageLogSurrogate).
/// </summary>
public sealed class StoredStateFormatTests
{
    // A contact with one field and three messages (delivered, pending, failed), LastNumber 7.
    private const string StoredContact =
        "IAADQRkrMzQ2MDAwMDAwMDEJAwUJAwUhMAExLNQuHVN0cmluZ0NvbXBhcmVyAAMBAeABA0ETZmlyc3ROYW1lIOgIAwFBB0FuYeDgIYAAUANNeXfeCIEAAAAAAAAAAOAhgAAQbXdCeN4IgQAAAAAAAAAA4CEAHSEAByEABUELa2V5LTFBB2MtMUEPd2VsY29tZQkDBUEFd2bBB0EJU2hvcMEBAQEBBUEHcC0xCQMNQRNkZWxpdmVyZWQhgACWxnB5d94IgQAAAAAAAAAA4CGAANyJlHl33giBAAAAAAAAAADgwQEBCQEDIYAArtP/eXfeCIEAAAAAAAAAAODgIAAJQQtrZXktMkEHYy0ywQEJAwHBAcEHwUNBD0hvbGEgw7EBAwEJwQEJAwHBASGAANyJlHl33giBAAAAAAAAAADgIYAAIk24eXfeCIEAAAAAAAAAAODBAQENAQHBAeAgAA1BC2tleS0zQQdjLTPBAQkDAcEBwQfBQ8EBAQEBDUEHcC0zCQMRwU8hgAAiTbh5d94IgQAAAAAAAAAA4CGAAGgQ3Hl33giBAAAAAAAAAADgQQlib29tAREBAcEB4ODg4A==";

    // A store's alerts with one pending message, LastNumber 2.
    private const string StoredAlerts =
        "ICAACSEAAyEACUELa2V5LTJBB2MtMsEBCQMBwQFBGSszNDYwMDAwMDAwMUEJU2hvcEEPSG9sYSDDsQEDAQnBAQkDAcEBIYAA3ImUeXfeCIEAAAAAAAAAAOAhgAAiTbh5d94IgQAAAAAAAAAA4MEBAQ0BAcEB4ODg4A==";

    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private readonly Serializer _serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public void A_stored_contact_reads_with_every_message_field()
    {
        var contact = _serializer.Deserialize<ContactState>(Convert.FromBase64String(StoredContact))!;

        Assert.True(contact.Exists);
        Assert.Equal("+34600000001", contact.MobilePhone);
        Assert.Equal(PhoneStatus.Bounced, contact.MobilePhoneStatus);
        Assert.Equal(SubscriptionStatus.Subscribed, contact.SmsSubscriptionStatus);
        Assert.Equal(new ContactField(FieldType.String, "Ana"), contact.Fields["firstName"]);
        Assert.Equal(T0, contact.CreatedAt);
        Assert.Equal(T0.AddDays(1), contact.UpdatedAt);
        Assert.Equal(7, contact.Messages.LastNumber);
        Assert.Equal([1L, 2L, 3L], contact.Messages.Records.Select(r => r.Number));
        AssertRecord(Expected(1, MessageStatus.Delivered, null), contact.Messages.Records[0]);
        AssertRecord(Expected(2, MessageStatus.Pending, "Hola ñ"), contact.Messages.Records[1]);
        AssertRecord(Expected(3, MessageStatus.Failed, null), contact.Messages.Records[2]);
    }

    [Fact]
    public void Stored_alerts_read_with_every_message_field()
    {
        var alerts = _serializer.Deserialize<StoreAlertsState>(Convert.FromBase64String(StoredAlerts))!;

        Assert.Equal(2, alerts.Messages.LastNumber);
        AssertRecord(Expected(2, MessageStatus.Pending, "Hola ñ"), Assert.Single(alerts.Messages.Records));
    }

    [Fact]
    public void The_stored_form_is_the_one_written_before()
    {
        // Written again, a contact read from the old bytes gives those bytes back.
        var contact = _serializer.Deserialize<ContactState>(Convert.FromBase64String(StoredContact))!;
        Assert.Equal(StoredContact, Convert.ToBase64String(_serializer.SerializeToArray(contact)));

        var alerts = _serializer.Deserialize<StoreAlertsState>(Convert.FromBase64String(StoredAlerts))!;
        Assert.Equal(StoredAlerts, Convert.ToBase64String(_serializer.SerializeToArray(alerts)));
    }

    [Fact]
    public void A_stored_contact_has_no_soft_bounces_and_a_count_is_stored_and_read_back()
    {
        var contact = _serializer.Deserialize<ContactState>(Convert.FromBase64String(StoredContact))!;
        Assert.Equal(0, contact.SoftBounces);

        contact.SoftBounces = 2;
        var again = _serializer.Deserialize<ContactState>(_serializer.SerializeToArray(contact))!;

        Assert.Equal(2, again.SoftBounces);
        Assert.Equal(PhoneStatus.Bounced, again.MobilePhoneStatus);
        Assert.Equal([1L, 2L, 3L], again.Messages.Records.Select(r => r.Number));
    }

    [Fact]
    public void A_contact_with_members_at_their_default_reads_them_as_defaults()
    {
        var fresh = new ContactState { Exists = true, MobilePhone = "+34600000001" };

        var again = _serializer.Deserialize<ContactState>(_serializer.SerializeToArray(fresh))!;

        Assert.True(again.Exists);
        Assert.Equal(PhoneStatus.Active, again.MobilePhoneStatus);
        Assert.Equal(SubscriptionStatus.None, again.SmsSubscriptionStatus);
        Assert.Empty(again.Fields);
        Assert.Empty(again.Messages.Records);
        Assert.Equal(0, again.SoftBounces);
    }

    [Fact]
    public void A_stored_contact_has_no_unaccounted_answers_and_a_count_is_stored_and_read_back()
    {
        var contact = _serializer.Deserialize<ContactState>(Convert.FromBase64String(StoredContact))!;
        Assert.All(contact.Messages.Records, r => Assert.Equal(0, r.UnaccountedAnswers));

        contact.Messages.Records[1].UnaccountedAnswers = 2;
        var again = _serializer.Deserialize<ContactState>(_serializer.SerializeToArray(contact))!;

        Assert.Equal([0, 2, 0], again.Messages.Records.Select(r => r.UnaccountedAnswers));
        AssertRecord(contact.Messages.Records[1], again.Messages.Records[1]);
    }

    [Fact]
    public void A_newsletter_message_s_place_is_stored_and_read_back_and_others_store_none()
    {
        var contact = _serializer.Deserialize<ContactState>(Convert.FromBase64String(StoredContact))!;
        Assert.All(contact.Messages.Records, r => Assert.Null(r.Newsletter));

        contact.Messages.Records[0].Newsletter = new NewsletterPlace("weekly-1", 17, 4_321);
        var again = _serializer.Deserialize<ContactState>(_serializer.SerializeToArray(contact))!;

        Assert.Equal(new NewsletterPlace("weekly-1", 17, 4_321), again.Messages.Records[0].Newsletter);
        Assert.Null(again.Messages.Records[1].Newsletter);
        AssertRecord(contact.Messages.Records[0], again.Messages.Records[0]);
    }

    [Fact]
    public void A_report_held_by_a_pending_message_is_stored_and_read_back_and_others_store_none()
    {
        var contact = _serializer.Deserialize<ContactState>(Convert.FromBase64String(StoredContact))!;
        Assert.All(contact.Messages.Records, r => Assert.Null(r.HeldReport));

        var report = new StatusReport("p-early", "delivered", 0, new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.Zero));
        contact.Messages.Records[0].HeldReport = report;
        var again = _serializer.Deserialize<ContactState>(_serializer.SerializeToArray(contact))!;

        Assert.Equal(report, again.Messages.Records[0].HeldReport);
        Assert.Null(again.Messages.Records[1].HeldReport);
        AssertRecord(contact.Messages.Records[0], again.Messages.Records[0]);
    }

    [Fact]
    public void A_stored_message_has_no_fingerprint_and_one_is_stored_and_read_back_and_others_store_none()
    {
        var contact = _serializer.Deserialize<ContactState>(Convert.FromBase64String(StoredContact))!;
        Assert.All(contact.Messages.Records, r => Assert.Null(r.Fingerprint));

        contact.Messages.Records[2].Fingerprint = "Xb3_fingerprint-1234";
        var again = _serializer.Deserialize<ContactState>(_serializer.SerializeToArray(contact))!;

        Assert.Equal([null, null, "Xb3_fingerprint-1234"], again.Messages.Records.Select(r => r.Fingerprint));
        AssertRecord(contact.Messages.Records[2], again.Messages.Records[2]);
        var alerts = _serializer.Deserialize<StoreAlertsState>(Convert.FromBase64String(StoredAlerts))!;
        alerts.Messages.Records[0].Fingerprint = "alert-fingerprint";
        Assert.Equal("alert-fingerprint", _serializer.Deserialize<StoreAlertsState>(_serializer.SerializeToArray(alerts))!.Messages.Records[0].Fingerprint);
    }

    [Fact]
    public void What_the_sms_report_still_owes_is_stored_and_read_back_and_settled_records_store_none()
    {
        var contact = _serializer.Deserialize<ContactState>(Convert.FromBase64String(StoredContact))!;
        Assert.All(contact.Messages.Records, r => Assert.Equal(Domain.Reports.SmsTransitions.None, r.Counted));

        // Pending and tracked: stored. Delivered with both steps counted: nothing more to count, not stored.
        contact.Messages.Records[1].Counted = Domain.Reports.SmsTransitions.Tracked;
        contact.Messages.Records[0].Counted = Domain.Reports.SmsTransitions.Tracked | Domain.Reports.SmsTransitions.Sent | Domain.Reports.SmsTransitions.Final;
        contact.Inbound = new InboundLog();
        contact.Inbound.Add(new InboundRecord { ProviderId = "in-1", Text = "STOP", Uncounted = true, OptedOut = true, ReceivedAt = T0 });
        var again = _serializer.Deserialize<ContactState>(_serializer.SerializeToArray(contact))!;

        Assert.Equal(
            [Domain.Reports.SmsTransitions.None, Domain.Reports.SmsTransitions.Tracked, Domain.Reports.SmsTransitions.None],
            again.Messages.Records.Select(r => r.Counted));
        var reply = Assert.Single(again.Inbound!.Records);
        Assert.True(reply.Uncounted);
        Assert.True(reply.OptedOut);
    }

    private static MessageRecord Expected(long n, MessageStatus status, string? text) => new()
    {
        Number = n,
        IdempotencyKey = $"key-{n}",
        ClientId = $"c-{n}",
        SmsId = n == 1 ? "welcome" : null,
        Kind = n == 1 ? SmsKind.Newsletter : SmsKind.Transactional,
        WorkflowId = n == 1 ? "wf" : null,
        To = "+34600000001",
        From = "Shop",
        Text = text,
        AllowUnicode = n == 2,
        Segments = (int)n,
        ProviderId = text is null ? $"p-{n}" : null,
        Status = status,
        ProviderStatus = text is null ? "delivered" : null,
        SentAt = T0.AddMinutes(n),
        StatusAt = T0.AddMinutes(n + 1),
        Error = n == 3 ? "boom" : null,
        Attempts = (int)n + 1,
        StopApplied = n == 1,
        DeliveredAt = n == 1 ? T0.AddMinutes(5) : null,
    };

    private static void AssertRecord(MessageRecord expected, MessageRecord actual)
    {
        foreach (var property in typeof(MessageRecord).GetProperties())
        {
            Assert.True(Equals(property.GetValue(expected), property.GetValue(actual)),
                $"{property.Name}: expected {property.GetValue(expected) ?? "null"}, read {property.GetValue(actual) ?? "null"}");
        }
    }
}
