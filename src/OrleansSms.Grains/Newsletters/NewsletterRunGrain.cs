using OrleansSms.Abstractions.Contacts;
using OrleansSms.Abstractions.Newsletters;
using OrleansSms.Abstractions.Workflows;

namespace OrleansSms.Grains.Newsletters;

/// <inheritdoc cref="INewsletterRunGrain"/>
/// <remarks>
/// One shard per contact-index partition (<see cref="ContactIndex.Partitions"/>), placed by
/// Orleans across the silos. Shards report cumulative counters, so a repeated report is harmless
/// and the run's totals are the sum of each shard's latest. A cancel is durable before anything
/// hears of it: the shards are told at once, and ask again at every stretch of their walk.
/// </remarks>
internal sealed partial class NewsletterRunGrain(
    [PersistentState("newsletterRun", StorageNames.Sms)] IPersistentState<NewsletterRunState> state,
    TimeProvider time,
    Microsoft.Extensions.Options.IOptions<DurabilityOptions> durability,
    ILogger<NewsletterRunGrain> logger) : Grain, INewsletterRunGrain, IRemindable
{
    private const string StartReminder = "start";
    private readonly CoalescingStateWriter<NewsletterRunState> _writer = new(state);

    /// <summary>The cancel is in storage (a cancel whose write failed is in memory only, and a retry writes it).</summary>
    private bool _cancelled;

    /// <summary>The status the workflow's list of runs last heard from this activation.</summary>
    private NewsletterStatus? _listed;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _cancelled = state.State.CancelledAt is not null;
        return Task.CompletedTask;
    }

    public async Task StartAsync(string workflowId, int version, DateTimeOffset? startAt)
    {
        if (state.State.WorkflowId is not null)
        {
            // Started before (or a replayed request): the same run, nothing new.
            await StartShardsIfDueAsync();
            return;
        }

        var now = time.GetUtcNow();
        await _writer.WriteAsync(() =>
        {
            state.State.WorkflowId = workflowId;
            state.State.Version = version;
            state.State.StartedAt = now;
            state.State.StartAt = startAt;
        });
        await UpdateListAsync();
        await StartShardsIfDueAsync();
    }

    public async Task<NewsletterView?> GetAsync()
    {
        // The view is taken in one turn: shards' reports interleave with the reads below, and a
        // status of one moment with the counters of another would show a completed run short.
        if (Summary() is not { } view)
        {
            return null;
        }

        // Reports arrive far too often to pass each through the run: each shard's are counted
        // apart, and read here on demand (the shards that have reported are those that have sent).
        var key = RunKey.Parse(this.GetPrimaryKeyString());
        var reporting = state.State.Shards.Keys.ToArray();
        var deliveries = await Task.WhenAll(reporting.Select(p => GrainFactory.GetNewsletterDeliveries(new ShardKey(key, p)).GetAsync()));
        return view with
        {
            Delivered = deliveries.Sum(d => d.Delivered),
            Undelivered = deliveries.Sum(d => d.Undelivered),
        };
    }

    public Task<NewsletterView?> GetSummaryAsync() => Task.FromResult(Summary());

    private NewsletterView? Summary()
    {
        var s = state.State;
        if (s.WorkflowId is null)
        {
            return null;
        }

        return new NewsletterView
        {
            RunId = RunKey.Parse(this.GetPrimaryKeyString()).RunId,
            WorkflowId = s.WorkflowId,
            Version = s.Version,
            Status = s.CancelledAt is not null ? NewsletterStatus.Cancelled
                : s.CompletedAt is not null ? NewsletterStatus.Completed
                : s.ShardsStarted ? NewsletterStatus.Running : NewsletterStatus.Scheduled,
            Counters = s.Shards.Values.Aggregate(NewsletterCounters.Zero, (sum, shard) => sum.Add(shard)),
            Shards = ContactIndex.Partitions,
            ShardsDone = s.ShardsDone.Count,
            StartedAt = s.StartedAt,
            StartAt = s.StartAt,
            CompletedAt = s.CompletedAt,
            CancelledAt = s.CancelledAt,
        };
    }

    /// <summary>
    /// Tells the workflow's list of runs where the run stands, when that changed since it last
    /// did (as the run is stored: called after a write). The list is a view: a failure is logged.
    /// </summary>
    private async Task UpdateListAsync()
    {
        if (Summary() is not { } view || view.Status == _listed)
        {
            return;
        }

        _listed = view.Status;
        try
        {
            await GrainFactory.GetWorkflowRuns(RunKey.Parse(this.GetPrimaryKeyString()).Workflow).RecordAsync(RunEntry.Of(view));
        }
        catch (Exception e)
        {
            _listed = null;
            LogNotListed(logger, e, this.GetPrimaryKeyString());
        }
    }

    public async Task ReportShardAsync(int shard, NewsletterCounters counters, bool done)
    {
        await _writer.WriteAsync(() => ApplyReport(shard, counters, done));
        if (state.State.CompletedAt is not null)
        {
            await UpdateListAsync();
        }
    }

    private void ApplyReport(int shard, NewsletterCounters counters, bool done)
    {
        // Applied just before a write starts, never while one is being serialised.
        var s = state.State;
        s.Shards[shard] = counters;
        if (done)
        {
            s.ShardsDone.Add(shard);
        }

        if (s.ShardsDone.Count == ContactIndex.Partitions && s.CompletedAt is null && s.CancelledAt is null)
        {
            s.CompletedAt = time.GetUtcNow();
        }
    }

    public async Task<NewsletterView?> CancelAsync()
    {
        var s = state.State;
        if (s.WorkflowId is null)
        {
            return null;
        }

        if (!_cancelled && Cancellable(s))
        {
            var now = time.GetUtcNow();

            // Decided just before the write: a last shard's report in the same write may complete the run first.
            await _writer.WriteAsync(() =>
            {
                if (Cancellable(s))
                {
                    s.CancelledAt ??= now;
                }
            });

            if (s.CancelledAt is not null)
            {
                _cancelled = true;
                await UpdateListAsync();
                await this.UnregisterReminderIfAnyAsync(StartReminder);
                await StopShardsAsync();
            }
        }

        return await GetAsync();
    }

    public Task<bool> IsCancelledAsync() => Task.FromResult(_cancelled);

    /// <summary>
    /// Still walking, or walked with work left: contacts handed to a Wait (a cancel stops them at
    /// the end of their wait) or messages queued for a resend (a cancel withdraws those still
    /// pending). Over otherwise.
    /// </summary>
    private static bool Cancellable(NewsletterRunState s) =>
        s.CompletedAt is null || s.Shards.Values.Any(shard => shard.Waiting > 0 || shard.Queued > 0);

    /// <summary>Tells the shards still walking to stop; one that does not hear it stops at its next stretch, when it asks.</summary>
    private async Task StopShardsAsync()
    {
        var s = state.State;
        if (!s.ShardsStarted)
        {
            return;
        }

        var key = RunKey.Parse(this.GetPrimaryKeyString());
        try
        {
            await Task.WhenAll(Enumerable.Range(0, ContactIndex.Partitions)
                .Where(p => !s.ShardsDone.Contains(p))
                .Select(p => GrainFactory.GetNewsletterShard(new ShardKey(key, p)).CancelAsync()));
        }
        catch (Exception e)
        {
            LogShardsNotTold(logger, e, this.GetPrimaryKeyString());
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => StartShardsIfDueAsync();

    private async Task StartShardsIfDueAsync()
    {
        var s = state.State;
        if (s.CancelledAt is not null)
        {
            // Cancelled: never (again) started, however the start or its reminder comes back.
            await this.UnregisterReminderIfAnyAsync(StartReminder);
            return;
        }

        if (s.StartAt is { } at && at > time.GetUtcNow())
        {
            // A newsletter for later: a reminder brings the run back on time, across restarts.
            await this.RegisterOrUpdateReminder(StartReminder, at - time.GetUtcNow(), durability.Value.ResumeInterval);
            return;
        }

        if (!s.ShardsStarted)
        {
            await _writer.WriteAsync(() => s.ShardsStarted = true);
            await UpdateListAsync();
        }

        // Idempotent: a shard already walking or done ignores it; one that lost its silo resumes.
        if (s.CompletedAt is null)
        {
            var key = RunKey.Parse(this.GetPrimaryKeyString());
            await Task.WhenAll(Enumerable.Range(0, ContactIndex.Partitions)
                .Where(p => !s.ShardsDone.Contains(p))
                .Select(p => GrainFactory.GetNewsletterShard(new ShardKey(key, p)).StartAsync(s.Version)));
        }

        await this.UnregisterReminderIfAnyAsync(StartReminder);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Newsletter run {RunKey} could not tell its workflow's list of runs where it stands; it tells it at its next change")]
    private static partial void LogNotListed(ILogger logger, Exception exception, string runKey);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Newsletter run {RunKey} could not tell every shard of its cancel; each asks at its next stretch")]
    private static partial void LogShardsNotTold(ILogger logger, Exception exception, string runKey);
}
