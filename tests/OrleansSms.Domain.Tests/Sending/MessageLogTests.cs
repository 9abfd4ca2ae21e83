using OrleansSms.Domain.Sending;

namespace OrleansSms.Domain.Tests.Sending;

public class MessageLogTests
{
    private const string ProviderId = "p-1";
    private static readonly DateTimeOffset SentAt = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = SentAt.AddMinutes(10);
    private static readonly DateTimeOffset EventAt = SentAt.AddMinutes(3);

    /// <summary>A record standing at <paramref name="status"/> as the log leaves it there.</summary>
    private static MessageRecord At(MessageStatus status, long number = 1) => new()
    {
        Number = number,
        IdempotencyKey = $"key-{number}",
        ClientId = $"c-{number}",
        Kind = SmsKind.Transactional,
        To = "+34600111222",
        From = "Shop",
        Text = status == MessageStatus.Pending ? "Hello" : null,
        Segments = 1,
        ProviderId = status is MessageStatus.Pending or MessageStatus.Refused ? null : ProviderId,
        Status = status,
        ProviderStatus = status switch
        {
            MessageStatus.Sent => "sent",
            MessageStatus.Delivered => "delivered",
            MessageStatus.Failed => "failed",
            _ => null,
        },
        Error = status switch
        {
            MessageStatus.Failed => "failed (code 1)",
            MessageStatus.Refused => "refused",
            _ => null,
        },
        SentAt = SentAt,
        StatusAt = SentAt,
        DeliveredAt = status == MessageStatus.Delivered ? SentAt : null,
    };

    private static StatusReport Report(string status, int? code = null, DateTimeOffset? at = null, string providerId = ProviderId) =>
        new(providerId, status, code, at);

    // Every status × every kind of report: where the message goes, whether it changed, and the
    // effects for the owner. Monotonic: a final status (delivered, failed, refused) never moves.
    [Theory]
    [InlineData(MessageStatus.Accepted, "delivered", MessageStatus.Delivered, true, false)]
    [InlineData(MessageStatus.Accepted, "failed", MessageStatus.Failed, true, true)]
    [InlineData(MessageStatus.Accepted, "rejected", MessageStatus.Failed, true, true)]
    [InlineData(MessageStatus.Accepted, "sent", MessageStatus.Sent, true, false)]
    [InlineData(MessageStatus.Accepted, "buffered", MessageStatus.Sent, true, false)]
    [InlineData(MessageStatus.Sent, "delivered", MessageStatus.Delivered, true, false)]
    [InlineData(MessageStatus.Sent, "failed", MessageStatus.Failed, true, true)]
    [InlineData(MessageStatus.Sent, "rejected", MessageStatus.Failed, true, true)]
    [InlineData(MessageStatus.Sent, "sent", MessageStatus.Sent, false, false)]
    [InlineData(MessageStatus.Sent, "buffered", MessageStatus.Sent, true, false)]
    [InlineData(MessageStatus.Delivered, "delivered", MessageStatus.Delivered, false, false)]
    [InlineData(MessageStatus.Delivered, "failed", MessageStatus.Delivered, false, false)]
    [InlineData(MessageStatus.Delivered, "rejected", MessageStatus.Delivered, false, false)]
    [InlineData(MessageStatus.Delivered, "sent", MessageStatus.Delivered, false, false)]
    [InlineData(MessageStatus.Delivered, "buffered", MessageStatus.Delivered, false, false)]
    [InlineData(MessageStatus.Failed, "delivered", MessageStatus.Failed, false, false)]
    [InlineData(MessageStatus.Failed, "failed", MessageStatus.Failed, false, false)]
    [InlineData(MessageStatus.Failed, "rejected", MessageStatus.Failed, false, false)]
    [InlineData(MessageStatus.Failed, "sent", MessageStatus.Failed, false, false)]
    [InlineData(MessageStatus.Failed, "buffered", MessageStatus.Failed, false, false)]
    [InlineData(MessageStatus.Refused, "delivered", MessageStatus.Refused, true, false)]
    [InlineData(MessageStatus.Refused, "failed", MessageStatus.Refused, true, false)]
    [InlineData(MessageStatus.Refused, "sent", MessageStatus.Refused, true, false)]
    public void Report_table(MessageStatus from, string report, MessageStatus expected, bool changed, bool bounce)
    {
        var record = At(from);
        var before = Copy(record);

        var effects = MessageLog.ApplyReport(record, Report(report, at: EventAt), Now);

        var delivered = expected == MessageStatus.Delivered && from != MessageStatus.Delivered;
        Assert.Equal(new ReportEffects(Ignored: false, changed, bounce, SoftBounce: false, delivered), effects);
        Assert.Equal(expected, record.Status);
        Assert.True(MessageStatuses.Rank(record.Status) >= MessageStatuses.Rank(from));
        Assert.Equal(ProviderId, record.ProviderId);
        Assert.Null(record.Text); // a report means the provider has the message
        if (expected != from || (from == MessageStatus.Sent && report != "sent"))
        {
            Assert.Equal(EventAt, record.StatusAt);
            Assert.Equal(report, record.ProviderStatus);
        }
        else
        {
            // Status unchanged: its time and the provider's word stay.
            Assert.Equal(before.StatusAt, record.StatusAt);
            Assert.Equal(before.ProviderStatus, record.ProviderStatus);
            Assert.Equal(before.Error, record.Error);
        }

        Assert.Equal(before.StopApplied, record.StopApplied);
    }

    // A stop is a reply, read by the owner's inbound log: whatever the message's status, and
    // whatever id the stop carries, the message is left exactly as it was.
    [Theory]
    [InlineData(MessageStatus.Pending, ProviderId)]
    [InlineData(MessageStatus.Accepted, ProviderId)]
    [InlineData(MessageStatus.Sent, "the-reply-s-own-id")]
    [InlineData(MessageStatus.Delivered, ProviderId)]
    [InlineData(MessageStatus.Failed, "the-reply-s-own-id")]
    [InlineData(MessageStatus.Refused, ProviderId)]
    public void A_stop_leaves_the_message_as_it_was(MessageStatus from, string providerId)
    {
        var record = At(from);
        var before = Copy(record);

        var effects = MessageLog.ApplyReport(record, Report("STOP", at: EventAt, providerId: providerId), Now);

        Assert.Equal(new ReportEffects(false, false, false), effects);
        AssertSame(before, record);
    }

    // A refused message has no provider id: the first report gives it one (the only change).
    [Fact]
    public void A_report_for_a_refused_message_records_the_provider_id_only()
    {
        var record = At(MessageStatus.Refused);

        var effects = MessageLog.ApplyReport(record, Report("delivered", at: EventAt), Now);

        Assert.Equal(new ReportEffects(false, true, false), effects);
        Assert.Equal(MessageStatus.Refused, record.Status);
        Assert.Equal("refused", record.Error);
        Assert.Null(record.DeliveredAt);
        Assert.Equal(SentAt, record.StatusAt);
    }

    public static TheoryData<MessageStatus, string> EveryStatusAndReport()
    {
        var data = new TheoryData<MessageStatus, string>();
        foreach (var status in Enum.GetValues<MessageStatus>())
        foreach (var report in new[] { "delivered", "failed", "rejected", "sent", "buffered", "accepted", "expired", "DELIVERED" })
        {
            data.Add(status, report);
        }

        return data;
    }

    // Reports repeat (Instasent retries callbacks): the second of two equal reports changes nothing.
    [Theory]
    [MemberData(nameof(EveryStatusAndReport))]
    public void The_same_report_twice_changes_nothing_the_second_time(MessageStatus from, string report)
    {
        var record = At(from);
        MessageLog.ApplyReport(record, Report(report, 7, EventAt), Now);
        var after = Copy(record);

        var again = MessageLog.ApplyReport(record, Report(report, 7, EventAt), Now.AddMinutes(1));

        // A pending message holds the report until the send's answer: held again, nothing new.
        Assert.Equal(new ReportEffects(false, false, false, Held: from == MessageStatus.Pending && report != "stop"), again);
        AssertSame(after, record);
    }

    // A report naming another message of the provider is foreign (or forged): nothing moves.
    [Theory]
    [MemberData(nameof(EveryStatusAndReport))]
    public void A_report_with_another_provider_id_is_ignored(MessageStatus from, string report)
    {
        var record = At(from);
        record.ProviderId = ProviderId;
        var before = Copy(record);

        var effects = MessageLog.ApplyReport(record, Report(report, 7, EventAt, providerId: "someone-else"), Now);

        Assert.Equal(ReportEffects.Ignore, effects);
        Assert.True(effects.Ignored);
        AssertSame(before, record);
    }

    public static TheoryData<string[]> ReportSequences()
    {
        string[] reports = ["sent", "buffered", "delivered", "failed", "stop", "accepted"];
        var data = new TheoryData<string[]>();
        foreach (var a in reports)
        foreach (var b in reports)
        foreach (var c in reports)
        {
            data.Add([a, b, c]);
        }

        return data;
    }

    // Reports arrive in any order: the status never goes back, the first final status stays,
    // a bounce is reported at most once and only for a failure; a stop moves nothing.
    [Theory]
    [MemberData(nameof(ReportSequences))]
    public void Any_order_of_reports_is_monotonic(string[] reports)
    {
        var record = At(MessageStatus.Accepted);
        MessageStatus? final = null;
        var bounces = 0;
        var minute = 0;
        foreach (var report in reports)
        {
            var rank = MessageStatuses.Rank(record.Status);
            var effects = MessageLog.ApplyReport(record, Report(report, at: EventAt.AddMinutes(minute++)), Now);
            Assert.True(MessageStatuses.Rank(record.Status) >= rank, $"{string.Join(",", reports)}: went back to {record.Status}");
            if (final is { } settled)
            {
                Assert.Equal(settled, record.Status);
            }
            else if (MessageStatuses.IsFinal(record.Status))
            {
                final = record.Status;
            }

            bounces += effects.Bounce ? 1 : 0;
            Assert.False(effects.Bounce && record.Status != MessageStatus.Failed);
        }

        Assert.True(bounces <= 1);
        Assert.Equal(final ?? (reports.Any(r => r is "sent" or "buffered" or "accepted") ? MessageStatus.Sent : MessageStatus.Accepted), record.Status);
        var firstFinal = reports.FirstOrDefault(r => r is "delivered" or "failed");
        Assert.Equal(firstFinal switch { "delivered" => MessageStatus.Delivered, "failed" => MessageStatus.Failed, _ => (MessageStatus?)null }, final);
    }

    [Theory]
    [InlineData("failed", 12, "failed (code 12)")]
    [InlineData("rejected", null, "rejected (code none)")]
    [InlineData("FAILED", 3, "failed (code 3)")]
    public void A_failure_records_the_word_and_code(string report, int? code, string error)
    {
        var record = At(MessageStatus.Accepted);

        MessageLog.ApplyReport(record, Report(report, code, EventAt), Now);

        Assert.Equal(MessageStatus.Failed, record.Status);
        Assert.Equal(error, record.Error);
        Assert.Equal(report.ToLowerInvariant(), record.ProviderStatus);
    }

    [Fact]
    public void Delivery_is_dated_by_the_report_else_by_now()
    {
        var dated = At(MessageStatus.Accepted);
        MessageLog.ApplyReport(dated, Report("delivered", at: EventAt), Now);
        Assert.Equal(EventAt, dated.DeliveredAt);
        Assert.Equal(EventAt, dated.StatusAt);

        var undated = At(MessageStatus.Accepted);
        MessageLog.ApplyReport(undated, Report("delivered"), Now);
        Assert.Equal(Now, undated.DeliveredAt);
        Assert.Equal(Now, undated.StatusAt);
    }

    [Fact]
    public void A_delivery_after_a_transient_error_clears_the_error()
    {
        var record = At(MessageStatus.Pending);
        MessageLog.ApplyTransient(record, "timeout");
        MessageLog.ApplyAccepted(record, ProviderId, Now);

        MessageLog.ApplyReport(record, Report("delivered", at: EventAt), Now);

        Assert.Equal(MessageStatus.Delivered, record.Status);
        Assert.Null(record.Error);
    }

    [Fact]
    public void An_unaccounted_message_stays_pending_for_the_retries_then_is_refused_with_the_reason()
    {
        var record = At(MessageStatus.Pending);
        record.Text = "Hello";

        Assert.False(MessageLog.ApplyUnaccounted(record, "missing from the answer", retries: 2, Now));
        Assert.False(MessageLog.ApplyUnaccounted(record, "missing from the answer", retries: 2, Now));
        Assert.Equal(MessageStatus.Pending, record.Status);
        Assert.Equal("Hello", record.Text);
        Assert.Equal("missing from the answer", record.Error);

        Assert.True(MessageLog.ApplyUnaccounted(record, "missing from the answer", retries: 2, Now));
        Assert.Equal(MessageStatus.Refused, record.Status);
        Assert.Equal(DeliveryStatus.Undelivered, MessageStatuses.Delivery(record.Status));
        Assert.Equal("missing from the answer (3 times)", record.Error);
        Assert.Null(record.Text);
        Assert.Equal(3, record.UnaccountedAnswers);
        Assert.Equal(3, record.Attempts);
        Assert.Equal(Now, record.StatusAt);
    }

    [Fact]
    public void An_unaccounted_answer_after_a_report_settled_the_message_changes_nothing()
    {
        var record = At(MessageStatus.Delivered);
        var before = Copy(record);

        Assert.False(MessageLog.ApplyUnaccounted(record, "missing from the answer", retries: 0, Now));

        Assert.Equal(MessageStatus.Delivered, record.Status);
        Assert.Equal(before.Error, record.Error);
        Assert.Equal(0, record.UnaccountedAnswers);
    }

    // A report can beat the send call's answer; until the answer names the message's id the
    // report cannot be checked, so it waits: the message stays pending and the owner sees nothing.
    [Theory]
    [InlineData("delivered", MessageStatus.Delivered, false)]
    [InlineData("failed", MessageStatus.Failed, true)]
    [InlineData("rejected", MessageStatus.Failed, true)]
    [InlineData("sent", MessageStatus.Sent, false)]
    [InlineData("buffered", MessageStatus.Sent, false)]
    public void A_report_before_the_send_answer_waits_for_it_and_then_counts(string report, MessageStatus expected, bool bounce)
    {
        var record = At(MessageStatus.Pending);

        var effects = MessageLog.ApplyReport(record, Report(report, at: EventAt), Now);

        Assert.Equal(new ReportEffects(false, true, false, Held: true), effects);
        Assert.Equal(MessageStatus.Pending, record.Status);
        Assert.Null(record.ProviderId);
        Assert.Equal("Hello", record.Text);

        var released = MessageLog.ApplyAccepted(record, ProviderId, Now.AddSeconds(1));
        Assert.Equal(Report(report, at: EventAt), released);
        Assert.Null(record.HeldReport);
        var applied = MessageLog.ApplyReport(record, released!.Value, Now.AddSeconds(1));

        Assert.Equal(expected, record.Status);
        Assert.Equal(bounce, applied.Bounce);
        Assert.Equal(expected == MessageStatus.Delivered, applied.Delivered);
        Assert.Equal(ProviderId, record.ProviderId);
    }

    // A report naming an id the answer then does not: not Instasent's report of this message
    // (forged, or a stranger's), dropped without a trace on the message.
    [Fact]
    public void A_held_report_naming_another_id_than_the_answer_is_dropped()
    {
        var record = At(MessageStatus.Pending);
        MessageLog.ApplyReport(record, Report("failed", at: EventAt, providerId: "forged-id"), Now);

        var released = MessageLog.ApplyAccepted(record, ProviderId, Now.AddSeconds(1));

        Assert.Null(released);
        Assert.Null(record.HeldReport);
        Assert.Equal(MessageStatus.Accepted, record.Status);
        Assert.Equal(ProviderId, record.ProviderId);
        Assert.Null(record.Error);
    }

    // Of several reports before the answer the furthest on waits; a refusal drops it; an answer
    // that names no id (a resend refused as a duplicate) releases it as the best there is.
    [Fact]
    public void Several_early_reports_keep_the_furthest_a_refusal_drops_it_and_an_answer_without_id_releases_it()
    {
        var record = At(MessageStatus.Pending);
        MessageLog.ApplyReport(record, Report("delivered", at: EventAt), Now);
        var later = MessageLog.ApplyReport(record, Report("sent", at: EventAt.AddSeconds(1)), Now);

        Assert.Equal(new ReportEffects(false, false, false, Held: true), later);
        Assert.Equal("delivered", record.HeldReport?.Status);
        Assert.Equal(Report("delivered", at: EventAt), MessageLog.ApplyAccepted(record, providerId: null, Now));

        var refused = At(MessageStatus.Pending);
        MessageLog.ApplyReport(refused, Report("delivered", at: EventAt), Now);
        MessageLog.ApplyRefused(refused, "bad number", Now);
        Assert.Null(refused.HeldReport);
        Assert.Equal(MessageStatus.Refused, refused.Status);
    }

    public enum Outcome
    {
        Accepted,
        Refused,
        Transient,
    }

    // What the send call answered, from every status: only a pending message moves, the text is
    // dropped once the provider has the message (or refused it for good), and every call counts.
    [Theory]
    [InlineData(MessageStatus.Pending, Outcome.Accepted, MessageStatus.Accepted, false, null)]
    [InlineData(MessageStatus.Pending, Outcome.Refused, MessageStatus.Refused, false, "bad number")]
    [InlineData(MessageStatus.Pending, Outcome.Transient, MessageStatus.Pending, true, "timeout")]
    [InlineData(MessageStatus.Accepted, Outcome.Accepted, MessageStatus.Accepted, false, null)]
    [InlineData(MessageStatus.Accepted, Outcome.Refused, MessageStatus.Accepted, false, null)]
    [InlineData(MessageStatus.Accepted, Outcome.Transient, MessageStatus.Accepted, false, null)]
    [InlineData(MessageStatus.Sent, Outcome.Accepted, MessageStatus.Sent, false, null)]
    [InlineData(MessageStatus.Sent, Outcome.Refused, MessageStatus.Sent, false, null)]
    [InlineData(MessageStatus.Delivered, Outcome.Accepted, MessageStatus.Delivered, false, null)]
    [InlineData(MessageStatus.Delivered, Outcome.Refused, MessageStatus.Delivered, false, null)]
    [InlineData(MessageStatus.Delivered, Outcome.Transient, MessageStatus.Delivered, false, null)]
    [InlineData(MessageStatus.Failed, Outcome.Accepted, MessageStatus.Failed, false, "failed (code 1)")]
    [InlineData(MessageStatus.Failed, Outcome.Refused, MessageStatus.Failed, false, "failed (code 1)")]
    [InlineData(MessageStatus.Refused, Outcome.Transient, MessageStatus.Refused, false, "refused")]
    public void Outcome_table(MessageStatus from, Outcome outcome, MessageStatus expected, bool keepsText, string? error)
    {
        var record = At(from);
        record.Text = "Hello"; // whatever the status, the rule decides whether it stays
        var before = Copy(record);

        switch (outcome)
        {
            case Outcome.Accepted:
                MessageLog.ApplyAccepted(record, "p-answer", Now);
                break;
            case Outcome.Refused:
                MessageLog.ApplyRefused(record, "bad number", Now);
                break;
            default:
                MessageLog.ApplyTransient(record, "timeout");
                break;
        }

        Assert.Equal(expected, record.Status);
        Assert.Equal(keepsText || (outcome != Outcome.Accepted && from != MessageStatus.Pending), record.Text is not null);
        Assert.Equal(error, record.Error);
        Assert.Equal(before.Attempts + 1, record.Attempts);
        Assert.Equal(expected != from ? Now : before.StatusAt, record.StatusAt);
        Assert.Equal(outcome == Outcome.Accepted ? before.ProviderId ?? "p-answer" : before.ProviderId, record.ProviderId);
    }

    [Fact]
    public void A_transient_outcome_keeps_the_message_unsettled_for_a_resend()
    {
        var log = new MessageLog();
        var record = At(MessageStatus.Pending, log.NextNumber());
        log.Add(record, 10);

        MessageLog.ApplyTransient(record, "429");
        Assert.Equal([record], log.Unsettled());
        Assert.True(log.HasUnsettled());

        MessageLog.ApplyAccepted(record, "p-9", Now);
        Assert.Empty(log.Unsettled());
        Assert.False(log.HasUnsettled());
        Assert.Equal(2, record.Attempts);
    }

    [Fact]
    public void Numbers_increase_and_are_never_reused_after_eviction()
    {
        var log = new MessageLog { LastNumber = 41 };
        var numbers = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var number = log.NextNumber();
            numbers.Add(number);
            log.Add(At(MessageStatus.Delivered, number), capacity: 2);
        }

        Assert.Equal([42L, 43L, 44L, 45L, 46L], numbers);
        Assert.Equal(46, log.LastNumber);
        Assert.Equal([45L, 46L], log.Records.Select(r => r.Number));
        Assert.Equal(47, log.NextNumber());
    }

    // Rows: the statuses already kept (oldest first), the capacity → the numbers kept after a
    // new record is added (pending, as every send adds it).
    [Theory]
    [InlineData("D,D,D", 3, "2,3,4")]
    [InlineData("D,D", 3, "1,2,3")]
    [InlineData("P,D,D", 3, "1,3,4")]
    [InlineData("D,P,D", 3, "2,3,4")]
    [InlineData("P,P,P", 3, "1,2,3,4")]
    [InlineData("P,P,D,D", 3, "1,2,5")]
    [InlineData("F,A,S,R", 2, "4,5")]
    [InlineData("P,F,A,S,R,P", 2, "1,6,7")]
    [InlineData("P,F,A,S,R,P", 4, "1,5,6,7")]
    public void Capacity_drops_the_oldest_settled_records_first(string kept, int capacity, string expected)
    {
        var log = new MessageLog();
        foreach (var status in kept.Split(','))
        {
            var number = log.NextNumber();
            log.Records.Add(At(Parse(status), number));
        }

        log.Add(At(MessageStatus.Pending, log.NextNumber()), capacity);

        Assert.Equal(expected.Split(',').Select(long.Parse), log.Records.Select(r => r.Number));
        Assert.All(kept.Split(',').Select((s, i) => (s, n: i + 1L)).Where(x => x.s == "P"),
            x => Assert.NotNull(log.FindByNumber(x.n))); // an unsettled record is never dropped
    }

    [Fact]
    public void A_pending_record_added_over_capacity_is_kept()
    {
        var log = new MessageLog();
        for (var i = 0; i < 3; i++)
        {
            log.Add(At(MessageStatus.Pending, log.NextNumber()), capacity: 2);
        }

        Assert.Equal([1L, 2L, 3L], log.Records.Select(r => r.Number));
    }

    [Fact]
    public void Idempotency_keys_find_the_kept_record()
    {
        var log = new MessageLog();
        for (var i = 0; i < 4; i++)
        {
            log.Add(At(MessageStatus.Delivered, log.NextNumber()), capacity: 3);
        }

        Assert.Null(log.FindByKey("key-1")); // evicted: its key is forgotten with it
        Assert.Same(log.Records[0], log.FindByKey("key-2"));
        Assert.Same(log.Records[2], log.FindByKey("key-4"));
        Assert.Null(log.FindByKey("key-5"));
        Assert.Null(log.FindByKey("KEY-4")); // keys are compared exactly
        Assert.Same(log.Records[1], log.FindByNumber(3));
        Assert.Null(log.FindByNumber(1));
    }

    [Fact]
    public void A_repeated_key_finds_the_newest_record()
    {
        var log = new MessageLog();
        var older = At(MessageStatus.Delivered, log.NextNumber());
        var newer = At(MessageStatus.Pending, log.NextNumber());
        newer.IdempotencyKey = older.IdempotencyKey;
        log.Add(older, 10);
        log.Add(newer, 10);

        Assert.Same(newer, log.FindByKey(older.IdempotencyKey));
    }

    [Fact]
    public void Newest_first_and_unsettled_in_order()
    {
        var log = new MessageLog();
        foreach (var status in new[] { MessageStatus.Pending, MessageStatus.Delivered, MessageStatus.Pending, MessageStatus.Accepted })
        {
            log.Add(At(status, log.NextNumber()), 10);
        }

        Assert.Equal([4L, 3L, 2L, 1L], log.NewestFirst().Select(r => r.Number));
        Assert.Equal([1L, 3L], log.Unsettled().Select(r => r.Number));
        Assert.Empty(new MessageLog().NewestFirst());
        Assert.False(new MessageLog().HasUnsettled());
    }

    [Theory]
    [InlineData(MessageStatus.Pending, 0, false)]
    [InlineData(MessageStatus.Accepted, 1, false)]
    [InlineData(MessageStatus.Sent, 1, false)]
    [InlineData(MessageStatus.Delivered, 2, true)]
    [InlineData(MessageStatus.Failed, 2, true)]
    [InlineData(MessageStatus.Refused, 2, true)]
    public void Ranks(MessageStatus status, int rank, bool final)
    {
        Assert.Equal(rank, MessageStatuses.Rank(status));
        Assert.Equal(final, MessageStatuses.IsFinal(status));
    }

    private static MessageStatus Parse(string status) => status switch
    {
        "P" => MessageStatus.Pending,
        "A" => MessageStatus.Accepted,
        "S" => MessageStatus.Sent,
        "D" => MessageStatus.Delivered,
        "F" => MessageStatus.Failed,
        "R" => MessageStatus.Refused,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private static MessageRecord Copy(MessageRecord record)
    {
        var copy = new MessageRecord();
        foreach (var property in typeof(MessageRecord).GetProperties())
        {
            property.SetValue(copy, property.GetValue(record));
        }

        return copy;
    }

    private static void AssertSame(MessageRecord expected, MessageRecord actual)
    {
        foreach (var property in typeof(MessageRecord).GetProperties())
        {
            Assert.True(Equals(property.GetValue(expected), property.GetValue(actual)),
                $"{property.Name}: was {property.GetValue(expected) ?? "null"}, now {property.GetValue(actual) ?? "null"}");
        }
    }

    [Fact]
    public void Numbers_after_an_erasure_start_from_tenths_of_a_second_since_2025_and_stay_far_inside_the_clientId_range()
    {
        Assert.Equal(0, MessageLog.FirstNumberAfterErasure(MessageLog.ErasedNumberingEpoch));
        Assert.Equal(36_000, MessageLog.FirstNumberAfterErasure(MessageLog.ErasedNumberingEpoch.AddHours(1)));

        // Later creations start later: a second incarnation skips past the numbers of a first.
        var first = MessageLog.FirstNumberAfterErasure(SentAt);
        var second = MessageLog.FirstNumberAfterErasure(SentAt.AddSeconds(1));
        Assert.Equal(10, second - first);

        // Centuries from now the numbers still make a clientId of a 32-character contact id.
        var late = MessageLog.FirstNumberAfterErasure(new DateTimeOffset(2200, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var clientId = ClientIds.ForContact(new string('c', 32), late + 1_000_000);
        Assert.True(clientId.Length <= ClientIds.MaxLength, clientId);
        Assert.Equal(0, MessageLog.FirstNumberAfterErasure(MessageLog.ErasedNumberingEpoch.AddDays(-1)));
    }
}
