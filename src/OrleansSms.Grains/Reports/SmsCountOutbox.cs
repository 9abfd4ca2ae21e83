using OrleansSms.Abstractions.Reports;
using OrleansSms.Abstractions.Sending;
using OrleansSms.Domain.Reports;
using OrleansSms.Domain.Sending;
using OrleansSms.Grains.Contacts;

namespace OrleansSms.Grains.Reports;

/// <summary>
/// One count a contact owes its store's report, and where to note it once the counters hold it:
/// a step of <see cref="Record"/> or the reply <see cref="Reply"/>.
/// </summary>
internal readonly record struct DueCount(SmsCount Count, MessageRecord? Record = null, SmsTransitions Step = SmsTransitions.None, InboundRecord? Reply = null)
{
    /// <summary>Notes in the contact's state that the count is made (the caller writes it).</summary>
    public void MarkCounted()
    {
        if (Record is { } record)
        {
            record.Counted |= Step;
        }

        if (Reply is { } reply)
        {
            reply.Uncounted = false;
        }
    }
}

/// <summary>
/// How a contact keeps its store's SMS report exactly once with its own steps (see
/// docs/architecture.md, "SMS reports"). The contact's state is the outbox: a message's steps
/// (<see cref="SmsCounting.Due"/>) and a reply (<see cref="InboundRecord.Uncounted"/>) are due
/// until the counters have them durably; the contact tells the counters before it writes the
/// step, notes them counted, and that write carries the note. A repeat (a report Instasent
/// sends again, a retried call, a step taken again after a crash lost the contact's write) is
/// recognised by the counters by its mark; once the contact's write saying "counted" has landed,
/// no repeat can come, so the contact confirms the marks and the counters let them go.
/// </summary>
internal sealed class SmsCountOutbox(IGrainFactory grains, string storeId, string contactId)
{
    /// <summary>Counted, and noted in the state; the note not yet in a write.</summary>
    private List<(DateOnly Day, ulong Mark)> _noted = [];

    /// <summary>Noted in the write in flight (or one that failed: a later write carries the note).</summary>
    private List<(DateOnly Day, ulong Mark)> _writing = [];

    /// <summary>What <paramref name="state"/> owes the report: each due step of its messages, each uncounted reply.</summary>
    public List<DueCount> DueOf(ContactState state)
    {
        List<DueCount>? due = null;
        var records = state.Messages.Records;
        foreach (var record in records)
        {
            var steps = SmsCounting.Due(record);
            if (steps == SmsTransitions.None)
            {
                continue;
            }

            due ??= [];
            if ((steps & SmsTransitions.Sent) != 0)
            {
                due.Add(new(new SmsCount
                {
                    Mark = SmsCounting.MessageMark(contactId, record, SmsTransitions.Sent),
                    At = record.SentAt,
                    What = SmsCountKind.Sent,
                    WorkflowId = record.WorkflowId,
                    Kind = record.Kind,
                    Segments = record.Segments,
                }, record, SmsTransitions.Sent));
            }

            if ((steps & SmsTransitions.Final) != 0)
            {
                due.Add(new(new SmsCount
                {
                    Mark = SmsCounting.MessageMark(contactId, record, SmsTransitions.Final),
                    At = record.SentAt,
                    What = SmsCounting.FinalKind(record.Status),
                    WorkflowId = record.WorkflowId,
                    Kind = record.Kind,
                }, record, SmsTransitions.Final));
            }
        }

        foreach (var reply in state.Inbound?.Records ?? [])
        {
            if (!reply.Uncounted)
            {
                continue;
            }

            // Counted with the message it answers, when the contact still has it.
            var answered = reply.ClientId is { } clientId ? records.Find(r => string.Equals(r.ClientId, clientId, StringComparison.Ordinal)) : null;
            (due ??= []).Add(new(new SmsCount
            {
                Mark = SmsCounting.InboundMark(contactId, reply.ProviderId),
                At = reply.ReceivedAt,
                What = SmsCountKind.Inbound,
                WorkflowId = answered?.WorkflowId,
                Kind = answered?.Kind,
                OptOut = reply.OptedOut,
            }, Reply: reply));
        }

        return due ?? [];
    }

    /// <summary>The count of a skipped send, in the hour of its attempt (<see cref="SendSmsCommand.AttemptAt"/>, else now).</summary>
    public SmsCount Skip(SendSmsCommand command, SkipReason reason, DateTimeOffset now) => new()
    {
        Mark = SmsCounting.SkipMark(contactId, command.IdempotencyKey),
        At = command.AttemptAt ?? now,
        What = SmsCountKind.Skipped,
        WorkflowId = command.WorkflowId,
        Kind = command.Kind,
        SkipReason = reason,
    };

    /// <summary>Tells the counters of each day concerned, in parallel; answers once all of them hold their counts durably.</summary>
    public Task TellAsync(IEnumerable<SmsCount> counts) =>
        Task.WhenAll(counts.GroupBy(c => ReportRange.DayOf(c.At)).Select(day => grains.GetSmsCounters(storeId, day.Key).CountAsync([.. day])));

    /// <summary>The counts of <paramref name="due"/> are durable and noted in the state: confirm them after the next write.</summary>
    public void Noted(IEnumerable<DueCount> due)
    {
        foreach (var d in due)
        {
            _noted.Add((ReportRange.DayOf(d.Count.At), d.Count.Mark));
        }
    }

    /// <summary>Just before a write starts: the notes made so far are in it.</summary>
    public void BeforeWrite()
    {
        if (_noted.Count > 0)
        {
            _writing.AddRange(_noted);
            _noted = [];
        }
    }

    /// <summary>A write landed: the marks whose notes it carries are confirmed (one-way; a lost one expires).</summary>
    public void AfterWrite()
    {
        if (_writing.Count == 0)
        {
            return;
        }

        var confirmed = _writing;
        _writing = [];
        foreach (var day in confirmed.GroupBy(m => m.Day))
        {
            Confirm(grains, storeId, day.Key, [.. day.Select(m => m.Mark)]);
        }
    }

    /// <summary>Tells the counters of <paramref name="day"/> that <paramref name="marks"/> are recorded by their owners (a shard, a run, a contact).</summary>
    public static void Confirm(IGrainFactory grains, string storeId, DateOnly day, ulong[] marks)
    {
        try
        {
            _ = grains.GetSmsCounters(storeId, day).ForgetAsync(marks);
        }
        catch (Exception e) when (e is OrleansException or InvalidOperationException)
        {
            // A mark nobody confirms expires after Reports:DedupeWindow.
        }
    }
}
