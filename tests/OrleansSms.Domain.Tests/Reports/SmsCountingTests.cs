using OrleansSms.Domain.Reports;
using OrleansSms.Domain.Sending;

namespace OrleansSms.Domain.Tests.Reports;

public class SmsCountingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static MessageRecord Tracked(long number = 1) => new()
    {
        Number = number,
        IdempotencyKey = $"k{number}",
        ClientId = $"c.{number}",
        To = "+34600000001",
        SentAt = T0,
        Segments = 2,
        Counted = SmsTransitions.Tracked,
    };

    [Theory]
    [InlineData(MessageStatus.Pending, SmsTransitions.None)]
    [InlineData(MessageStatus.Accepted, SmsTransitions.Sent)]
    [InlineData(MessageStatus.Sent, SmsTransitions.Sent)]
    [InlineData(MessageStatus.Delivered, SmsTransitions.Sent | SmsTransitions.Final)]
    [InlineData(MessageStatus.Failed, SmsTransitions.Sent | SmsTransitions.Final)]
    [InlineData(MessageStatus.Refused, SmsTransitions.Final)]
    public void A_status_implies_the_steps_taken_to_reach_it(MessageStatus status, SmsTransitions steps) =>
        Assert.Equal(steps, SmsCounting.Implied(status));

    [Fact]
    public void Each_step_is_due_once_as_the_message_moves()
    {
        var record = Tracked();
        Assert.Equal(SmsTransitions.None, SmsCounting.Due(record));

        MessageLog.ApplyAccepted(record, "p1", T0);
        Assert.Equal(SmsTransitions.Sent, SmsCounting.Due(record));
        record.Counted |= SmsTransitions.Sent;
        Assert.Equal(SmsTransitions.None, SmsCounting.Due(record));
        Assert.False(SmsCounting.IsSettled(record));

        // A report repeated, or one of progress, is no new step.
        MessageLog.ApplyReport(record, new StatusReport("p1", "sent", null, null), T0);
        Assert.Equal(SmsTransitions.None, SmsCounting.Due(record));

        MessageLog.ApplyReport(record, new StatusReport("p1", "delivered", null, null), T0);
        Assert.Equal(SmsTransitions.Final, SmsCounting.Due(record));
        Assert.Equal(SmsCountKind.Delivered, SmsCounting.FinalKind(record.Status));
        record.Counted |= SmsTransitions.Final;
        Assert.True(SmsCounting.IsSettled(record));

        MessageLog.ApplyReport(record, new StatusReport("p1", "delivered", null, null), T0);
        MessageLog.ApplyReport(record, new StatusReport("p1", "failed", 2, null), T0);
        Assert.Equal(SmsTransitions.None, SmsCounting.Due(record));
    }

    [Fact]
    public void Steps_not_counted_in_time_are_due_together()
    {
        var record = Tracked();
        MessageLog.ApplyAccepted(record, "p1", T0);
        MessageLog.ApplyReport(record, new StatusReport("p1", "expired", null, null), T0);

        Assert.Equal(SmsTransitions.Sent | SmsTransitions.Final, SmsCounting.Due(record));
        Assert.Equal(SmsCountKind.Undelivered, SmsCounting.FinalKind(record.Status));
    }

    [Fact]
    public void A_refused_message_was_never_sent()
    {
        var record = Tracked();
        MessageLog.ApplyRefused(record, "402", T0);

        Assert.Equal(SmsTransitions.Final, SmsCounting.Due(record));
        Assert.Equal(SmsCountKind.Refused, SmsCounting.FinalKind(record.Status));
    }

    [Fact]
    public void An_untracked_message_is_never_due()
    {
        var record = Tracked();
        record.Counted = SmsTransitions.None;
        MessageLog.ApplyAccepted(record, "p1", T0);
        MessageLog.ApplyReport(record, new StatusReport("p1", "delivered", null, null), T0);

        Assert.Equal(SmsTransitions.None, SmsCounting.Due(record));
        Assert.True(SmsCounting.IsSettled(record));
    }

    [Fact]
    public void The_log_keeps_a_record_whose_counts_are_due_as_it_keeps_a_pending_one()
    {
        var log = new MessageLog();
        var due = Tracked(1);
        MessageLog.ApplyAccepted(due, "p1", T0);
        log.Add(due, capacity: 2);
        for (var n = 2; n <= 5; n++)
        {
            var settled = Tracked(n);
            MessageLog.ApplyRefused(settled, "400", T0);
            settled.Counted |= SmsTransitions.Final;
            log.Add(settled, capacity: 2);
        }

        Assert.Equal([1L, 5L], log.Records.Select(r => r.Number));

        due.Counted |= SmsTransitions.Sent;
        log.Add(Tracked(6), capacity: 2);
        Assert.Equal([5L, 6L], log.Records.Select(r => r.Number));
    }

    [Fact]
    public void Marks_tell_each_step_and_each_message_apart_and_are_stable()
    {
        var one = Tracked(1);
        var two = Tracked(2);
        var marks = new[]
        {
            SmsCounting.MessageMark("ana", one, SmsTransitions.Sent),
            SmsCounting.MessageMark("ana", one, SmsTransitions.Final),
            SmsCounting.MessageMark("ana", two, SmsTransitions.Sent),
            SmsCounting.MessageMark("bob", one, SmsTransitions.Sent),
            SmsCounting.SkipMark("ana", "k1"),
            SmsCounting.SkipMark("ana", "k2"),
            SmsCounting.InboundMark("ana", "k1"),
        };
        Assert.Equal(marks.Length, marks.Distinct().Count());

        // The same step of the same message: the same mark, in any process.
        Assert.Equal(marks[0], SmsCounting.MessageMark("ana", Tracked(1), SmsTransitions.Sent));
        Assert.Equal(0x141CFC9842C4B0E3UL, SmsCounting.Hash("")); // SHA-256 e3b0c442 98fc1c14…

        // A contact recreated under the same id numbers from 1 again, at another time.
        var again = Tracked(1);
        again.SentAt = T0.AddDays(1);
        Assert.NotEqual(marks[0], SmsCounting.MessageMark("ana", again, SmsTransitions.Sent));
    }
}
