using OrleansSms.Abstractions.Contacts;
using OrleansSms.Abstractions.Newsletters;
using OrleansSms.Abstractions.Sending;
using OrleansSms.Abstractions.Workflows;
using OrleansSms.Domain.Reports;
using OrleansSms.Domain.Sending;
using OrleansSms.Domain.Workflows;
using OrleansSms.Grains.Reports;
using OrleansSms.Grains.Workflows;

namespace OrleansSms.Grains.Newsletters;

/// <inheritdoc cref="INewsletterShardGrain"/>
/// <remarks>
/// Walks its partition in ordinal id order, a batch of contacts at a time, and checkpoints the
/// cursor and counters after each batch. A crash repeats at most the batch in progress; its sends
/// carry the run's idempotency key, so each contact still gets one SMS, and its counters were not
/// saved, so each contact is still counted once. The walk proceeds in short stretches (one-way
/// messages to itself) so no call runs for long; a reminder restarts it on another silo if its
/// silo dies. A cancel of the run stops the walk before its next batch (the run tells the shard,
/// and the shard asks the run at every stretch): the batch in flight finishes and is counted, no
/// contact of a later batch is reached, and the shard reports itself done. A skipped send is
/// counted in the store's SMS report by its contact, in the hour of the batch's
/// <see cref="NewsletterShardState.BatchAt"/>; once the checkpoint holds the batch, the shard
/// confirms those counts' marks to the counters (a repeat of the batch can no longer come).
/// </remarks>
internal sealed partial class NewsletterShardGrain(
    [PersistentState("newsletterShard", StorageNames.Sms)] IPersistentState<NewsletterShardState> state,
    TimeProvider time,
    Microsoft.Extensions.Options.IOptions<DurabilityOptions> durability,
    Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime,
    WorkflowVersionCache versions,
    ILogger<NewsletterShardGrain> logger) : Grain, INewsletterShardGrain, IRemindable
{
    /// <summary>Contacts in flight at once in one shard; with 64 shards that keeps the cluster busy without flooding it.</summary>
    public const int BatchSize = 32;

    private const int BatchesPerStretch = 8;
    private const string ResumeReminder = "resume";

    private string _storeId = "";
    private string _workflowId = "";
    private string _runId = "";
    private int _partition;
    private string[]? _contactIds;
    private WorkflowDefinition? _definition;
    private Dictionary<string, WorkflowNode>? _nodes;
    private WorkflowExecutor? _executor;
    private bool _walking;

    /// <summary>The run was cancelled: no batch starts any more.</summary>
    private bool _cancelled;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = ShardKey.Parse(this.GetPrimaryKeyString());
        (_storeId, _workflowId, _runId, _partition) = (key.Run.StoreId, key.Run.WorkflowId, key.Run.RunId, key.Partition);
        return Task.CompletedTask;
    }

    public async Task StartAsync(int version)
    {
        if (state.State.Done)
        {
            await ReportAsync();
            return;
        }

        if (!state.State.Started)
        {
            state.State.Started = true;
            state.State.Version = version;
            state.State.BatchAt = time.GetUtcNow();
            await this.RegisterOrUpdateReminder(ResumeReminder, durability.Value.ResumeInterval, durability.Value.ResumeInterval);
            await state.WriteStateAsync();
        }

        KeepWalking();
    }

    public async Task WalkAsync()
    {
        if (state.State.Done)
        {
            _walking = false;
            return;
        }

        try
        {
            _cancelled = _cancelled || await Run().IsCancelledAsync();
            if (!_cancelled)
            {
                await LoadAsync();
            }

            for (var stretch = 0; stretch < BatchesPerStretch && !state.State.Done && !Stopping && !_cancelled; stretch++)
            {
                await WalkBatchAsync();
            }

            if (_cancelled && !state.State.Done)
            {
                // Stopped where it stands: the counters so far are final, the cursor stays.
                state.State.Done = true;
                state.State.Cancelled = true;
                await state.WriteStateAsync();
                await ReportAsync();
            }
        }
        catch (Exception e)
        {
            // The reminder tries again from the last checkpoint; this activation goes, as the
            // state in memory may be ahead of the stored one (or its ETag stale) after a failed write.
            _walking = false;
            LogWalkFailed(logger, e, this.GetPrimaryKeyString());
            DeactivateOnIdle();
            return;
        }

        if (state.State.Done)
        {
            _walking = false;
            await this.UnregisterReminderIfAnyAsync(ResumeReminder);
        }
        else if (Stopping)
        {
            // The silo is shutting down: end at this checkpoint and let the silo hand the shard
            // over; the reminder resumes it on a survivor. Walking on would hold up the stop.
            _walking = false;
            DeactivateOnIdle();
        }
        else
        {
            await this.AsReference<INewsletterShardGrain>().WalkAsync();
        }
    }

    private bool Stopping => lifetime.ApplicationStopping.IsCancellationRequested;

    public Task CancelAsync()
    {
        _cancelled = true;
        if (state.State.Started && !state.State.Done)
        {
            // A walk in flight stops at its next batch; a shard between walks stops now.
            KeepWalking();
        }

        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Done)
        {
            // Done, but the run may not have heard it (its silo died): tell it again, then rest.
            await ReportAsync();
            await this.UnregisterReminderIfAnyAsync(ResumeReminder);
        }
        else if (state.State.Started && !Stopping)
        {
            KeepWalking();
        }
    }

    /// <summary>One chain of stretches at a time, however many starts and reminders come.</summary>
    private void KeepWalking()
    {
        if (!_walking)
        {
            _walking = true;
            _ = this.AsReference<INewsletterShardGrain>().WalkAsync();
        }
    }

    private async Task WalkBatchAsync()
    {
        var ids = _contactIds!;
        var from = state.State.Cursor is null ? 0 : FirstAfter(ids, state.State.Cursor);
        var count = Math.Min(BatchSize, ids.Length - from);
        if (count <= 0)
        {
            state.State.Done = true;
            await state.WriteStateAsync();
            await ReportAsync();
            return;
        }

        // A contact's place in the walk: the same again if a crash repeats the batch (the cursor and
        // the counters are checkpointed together), so its delivery is counted at one position.
        var position = (int)state.State.Counters.Contacts;
        var attemptAt = state.State.BatchAt ??= time.GetUtcNow();
        var skips = new List<ulong>();
        var results = await Task.WhenAll(Enumerable.Range(from, count).Select(i => ProcessAsync(ids[i], position + i - from, attemptAt, skips)));
        Telemetry.SmsInstruments.NewsletterContactsProcessed(results.Length);
        var counters = state.State.Counters;
        foreach (var result in results)
        {
            counters = counters.Add(result);
        }

        state.State.Counters = counters;
        state.State.Cursor = ids[from + count - 1];
        state.State.BatchAt = time.GetUtcNow();
        await state.WriteStateAsync();
        if (skips.Count > 0)
        {
            SmsCountOutbox.Confirm(GrainFactory, _storeId, ReportRange.DayOf(attemptAt), [.. skips]);
        }

        await ReportAsync();
    }

    /// <summary>One contact through the workflow; a Wait hands it to its own durable run. The marks of its skipped sends go to <paramref name="skips"/>.</summary>
    private async Task<NewsletterCounters> ProcessAsync(string contactId, int position, DateTimeOffset attemptAt, List<ulong> skips)
    {
        if (_definition!.Trigger is NewsletterTrigger { Filter: { } filter })
        {
            var recipient = GrainFactory.GetContact(_storeId, contactId);
            var contact = await recipient.GetAsync();
            if (contact is null && await recipient.WasErasedAsync())
            {
                // Erased since the shard read its partition.
                return new NewsletterCounters { Contacts = 1, Deleted = 1 };
            }

            if (contact is null || !contact.Fields.TryGetValue(filter.Field, out var value) || value.Value != filter.EqualsValue)
            {
                return new NewsletterCounters { Contacts = 1, FilteredOut = 1 };
            }
        }

        NewsletterCounters? outcome = null;
        var current = _definition.Start;
        var empty = new Dictionary<string, string>();
        while (current is not null && _nodes!.TryGetValue(current, out var node))
        {
            if (node is WaitNode)
            {
                await GrainFactory.GetWorkflowRun(_storeId, _workflowId, $"{_runId}.{contactId}").StartAsync(new RunStart
                {
                    WorkflowId = _workflowId,
                    Version = state.State.Version,
                    ContactId = contactId,
                    StartNodeId = node.Id,
                    ParentRunId = _runId,
                });
                return outcome ?? new NewsletterCounters { Contacts = 1, Waiting = 1 };
            }

            var key = $"{_runId}:{node.Id}";
            var result = await _executor!.ExecuteAsync(node, contactId, empty, key, new NewsletterPlace(_runId, _partition, position), attemptAt);
            if (result.Send is { Status: SendStatus.Skipped } && node is SendSmsNode { Recipient: ContactRecipient })
            {
                skips.Add(SmsCounting.SkipMark(contactId, key));
            }

            outcome ??= result.Send is { } send ? Count(send) : null;
            current = result.Next;
        }

        return outcome ?? new NewsletterCounters { Contacts = 1 };
    }

    private static NewsletterCounters Count(SendSmsResult send) => send.Status switch
    {
        SendStatus.Sent => new() { Contacts = 1, Sent = 1 },
        SendStatus.Queued => new() { Contacts = 1, Queued = 1 },
        SendStatus.Failed or SendStatus.KeyReused => new() { Contacts = 1, Failed = 1 },
        _ => send.SkipReason switch
        {
            SkipReason.Bounced => new() { Contacts = 1, Bounced = 1 },
            SkipReason.Paused => new() { Contacts = 1, Paused = 1 },
            SkipReason.NotSubscribed => new() { Contacts = 1, NotSubscribed = 1 },
            SkipReason.TooLong => new() { Contacts = 1, TooLong = 1 },
            SkipReason.Deleted => new() { Contacts = 1, Deleted = 1 },
            _ => new() { Contacts = 1, NoPhone = 1 },
        },
    };

    private INewsletterRunGrain Run() => GrainFactory.GetNewsletterRun(new RunKey(_storeId, _workflowId, _runId));

    private Task ReportAsync() => Run().ReportShardAsync(_partition, state.State.Counters, state.State.Done);

    private async Task LoadAsync()
    {
        if (_definition is null)
        {
            _definition = await versions.GetAsync(new WorkflowKey(_storeId, _workflowId), state.State.Version)
                ?? throw new InvalidOperationException($"version {state.State.Version} of workflow {_workflowId} is gone");
            _nodes = _definition.Nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
            _executor = new WorkflowExecutor(GrainFactory, time, _storeId, _workflowId, bulk: true);
        }

        _contactIds ??= await GrainFactory.GetContactIndex(_storeId, _partition).GetContactIdsAsync();
    }

    /// <summary>The index of the first id after <paramref name="cursor"/> in the sorted ids.</summary>
    private static int FirstAfter(string[] ids, string cursor)
    {
        var at = Array.BinarySearch(ids, cursor, StringComparer.Ordinal);
        return at >= 0 ? at + 1 : ~at;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Newsletter shard {Shard}: a stretch failed; the reminder resumes it")]
    private static partial void LogWalkFailed(ILogger logger, Exception exception, string shard);
}
