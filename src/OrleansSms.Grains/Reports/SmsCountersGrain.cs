using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansSms.Abstractions.Reports;
using OrleansSms.Domain.Reports;
using OrleansSms.Domain.Sending;

namespace OrleansSms.Grains.Reports;

/// <inheritdoc cref="ISmsCountersGrain"/>
/// <remarks>
/// Reentrant, with one write in flight: the counts that come while a write is in flight share the
/// next one, so a day's counters take one durable write per write's time however many messages
/// move, and each caller hears back once its counts are durable. A count's mark is stored with
/// the counts it added, in the same write, so a repeat is recognised after a crash too; marks
/// their owners confirm (<see cref="ForgetAsync"/>) and marks older than
/// <see cref="ReportOptions.DedupeWindow"/> are dropped before a write.
/// </remarks>
[Reentrant]
internal sealed partial class SmsCountersGrain(
    [PersistentState("smsCounters", StorageNames.Sms)] IPersistentState<SmsCountersState> state,
    TimeProvider time,
    IOptions<ReportOptions> options,
    ILogger<SmsCountersGrain> logger) : Grain, ISmsCountersGrain
{
    /// <summary>How often the marks are searched for expired ones (at a write).</summary>
    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);

    private CoalescingStateWriter<SmsCountersState> _writer = null!;

    /// <summary>Marks their owners confirmed, to drop before the next write (the state does not change while one is in flight).</summary>
    private List<ulong> _forgotten = [];
    private DateTimeOffset _prunedAt;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _writer = new CoalescingStateWriter<SmsCountersState>(state, beforeWrite: Tidy, minInterval: options.Value.WriteInterval);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Not after a failed write (the state in memory may be ahead of the stored one).
        if (_forgotten.Count > 0 && reason.ReasonCode != DeactivationReasonCode.ApplicationError)
        {
            // Leaves the stored marks as small as they can be: a day's counters sleep for good.
            try
            {
                await _writer.WriteAsync();
            }
            catch (Exception e)
            {
                // Harmless: the marks expire.
                LogTidyFailed(logger, e, this.GetPrimaryKeyString());
            }
        }
    }

    public Task CountAsync(SmsCount[] counts) =>
        // A repeat adds nothing but still waits for a write: its first may be in flight still, and fail.
        _writer.WriteAsync(() => Apply(counts));

    public Task ForgetAsync(ulong[] marks)
    {
        _forgotten.AddRange(marks);
        return Task.CompletedTask;
    }

    public Task<SmsCounts[]> GetHoursAsync(string? workflowId, SmsKind? kind)
    {
        var hours = new SmsCounts[24];
        Array.Fill(hours, SmsCounts.Zero);
        foreach (var cell in state.State.Cells)
        {
            if ((workflowId is null || string.Equals(cell.WorkflowId, workflowId, StringComparison.Ordinal)) &&
                (kind is null || cell.Kind == kind))
            {
                hours[cell.Hour] = hours[cell.Hour].Add(cell.ToCounts());
            }
        }

        if (state.State.Cells.Count == 0 && state.State.Marks.Count == 0)
        {
            // A day without counts, read by a report over it: keep no activation.
            DeactivateOnIdle();
        }

        return Task.FromResult(hours);
    }

    private void Apply(SmsCount[] counts)
    {
        var s = state.State;
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        foreach (var count in counts)
        {
            if (!s.Marks.TryAdd(count.Mark, now))
            {
                continue;
            }

            var hour = ReportRange.HourOf(count.At);
            var cell = s.Cells.Find(c => c.Hour == hour && c.Kind == count.Kind && string.Equals(c.WorkflowId, count.WorkflowId, StringComparison.Ordinal));
            if (cell is null)
            {
                s.Cells.Add(cell = new SmsCountCell { Hour = hour, WorkflowId = count.WorkflowId, Kind = count.Kind });
            }

            cell.Add(count);
        }
    }

    /// <summary>Before each write: the marks confirmed since the last, and (once a minute) the expired ones, go.</summary>
    private void Tidy()
    {
        var marks = state.State.Marks;
        foreach (var mark in _forgotten)
        {
            marks.Remove(mark);
        }

        _forgotten = [];
        var now = time.GetUtcNow();
        if (now - _prunedAt >= PruneInterval)
        {
            _prunedAt = now;
            var oldest = (now - options.Value.DedupeWindow).ToUnixTimeSeconds();
            foreach (var (mark, at) in marks)
            {
                if (at < oldest)
                {
                    marks.Remove(mark);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "SMS counters {Key}: the confirmed marks could not be dropped at deactivation; they expire")]
    private static partial void LogTidyFailed(ILogger logger, Exception exception, string key);
}
