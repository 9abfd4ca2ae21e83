using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansSms.Abstractions.Webhooks;
using OrleansSms.Domain.Webhooks;
using OrleansSms.Grains.Telemetry;

namespace OrleansSms.Grains.Webhooks;

/// <inheritdoc cref="IWebhookDispatcherGrain"/>
/// <remarks>
/// Reentrant: hand-offs, attempts coming back and reads interleave, and their changes share
/// writes (<see cref="CoalescingStateWriter{TState}"/>); every change waits until no write is in
/// flight. Attempts run beside the grain's turns: an endpoint that hangs holds only its own
/// attempts (at most <see cref="WebhookOptions.MaxConcurrentAttempts"/> per webhook, each cut at
/// <see cref="WebhookOptions.AttemptTimeout"/>), never a hand-off nor another webhook. Retries
/// wait on the webhooks' clock (<see cref="WebhookSender.Time"/>); while anything is queued a
/// reminder wakes the grain every minute, so a queue outlives its activation and its silo.
/// </remarks>
[Reentrant]
internal sealed partial class WebhookDispatcherGrain(
    [PersistentState("webhookDispatcher", StorageNames.Sms)] IPersistentState<WebhookDispatcherState> state,
    WebhookSender sender,
    IOptions<WebhookOptions> options,
    ILogger<WebhookDispatcherGrain> logger) : Grain, IWebhookDispatcherGrain, IRemindable
{
    /// <summary>The newest attempts kept per webhook by each dispatcher.</summary>
    public const int AttemptsKept = 50;

    /// <summary>Event ids remembered after their queues let them go, so a hand-off repeated soon after (its answer was lost) is not queued again.</summary>
    private const int RecentKept = 4_096;

    private const string DeliverReminder = "deliver";

    /// <summary>How long the webhooks read from the store are trusted when no change was pushed.</summary>
    private static readonly TimeSpan TargetsLifetime = TimeSpan.FromMinutes(1);

    /// <summary>How soon a change that needs no write of its own (a count of drops) is written.</summary>
    private static readonly TimeSpan LazyWriteDelay = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, int> _queued = new(StringComparer.Ordinal);
    private readonly HashSet<string> _recent = new(StringComparer.Ordinal);
    private readonly Queue<string> _recentOrder = new();
    private readonly Dictionary<string, HashSet<string>> _inFlight = new(StringComparer.Ordinal);
    private readonly HashSet<string> _full = new(StringComparer.Ordinal);

    private CoalescingStateWriter<WebhookDispatcherState> _writer = null!;
    private string _storeId = "";
    private Dictionary<string, WebhookTarget>? _targets;
    private long _targetsReadAt;
    private long _configurations;
    private CancellationTokenSource? _wake;
    private DateTimeOffset? _wakeAt;
    private IGrainTimer? _lazyWrite;
    private bool _reminderOn;
    private bool _dirty;
    private bool _leaving;

    private TimeProvider Time => sender.Time;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _storeId = WebhookKeys.ParseDispatcher(this.GetPrimaryKeyString()).StoreId;
        _writer = new CoalescingStateWriter<WebhookDispatcherState>(state, beforeWrite: () => _dirty = false);
        foreach (var queue in state.State.Webhooks.Values)
        {
            foreach (var entry in queue.Queue)
            {
                _queued[entry.EventId] = _queued.GetValueOrDefault(entry.EventId) + 1;
            }
        }

        if (_queued.Count > 0)
        {
            // What an earlier activation (or a silo that died) left: on its way again once the
            // webhooks are read, after this turn, so no call waits on it.
            this.RegisterGrainTimer(ResumeAsync, new GrainTimerCreationOptions { DueTime = TimeSpan.Zero, Period = Timeout.InfiniteTimeSpan, Interleave = true });
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _leaving = true;
        _wake?.Cancel();
        if (_dirty)
        {
            try
            {
                await _writer.WriteAsync();
            }
            catch (Exception e)
            {
                LogWriteFailed(logger, e, _storeId);
            }
        }
    }

    public async Task AcceptAsync(WebhookEvent[] events)
    {
        await EnsureTargetsAsync();
        await _writer.WhenIdleAsync();
        var now = Time.GetUtcNow();
        var limit = options.Value.PartitionQueueLimit;
        var taken = false;
        foreach (var e in events)
        {
            if (_queued.ContainsKey(e.Id) || !Remember(e.Id))
            {
                // Taken before: a hand-off repeated after its answer was lost.
                continue;
            }

            string? body = null;
            foreach (var target in _targets!.Values)
            {
                if (!target.Enabled || !WebhookEventTypes.Contains(target.EventsMask, e.Type))
                {
                    continue;
                }

                var queue = QueueOf(target.WebhookId);
                if (queue.Queue.Count >= limit)
                {
                    queue.Dropped++;
                    queue.LastDroppedAt = now;
                    _dirty = true;
                    WebhookInstruments.DroppedEvent(e.Type);
                    if (_full.Add(target.WebhookId))
                    {
                        LogQueueFull(logger, _storeId, target.WebhookId, limit);
                    }

                    continue;
                }

                body ??= WebhookPayload.Build(_storeId, e);
                queue.Queue.Add(new QueuedWebhookEvent
                {
                    EventId = e.Id,
                    Type = e.Type,
                    ContactId = e.ContactId,
                    Body = body,
                    QueuedAt = now,
                    NextAttemptAt = now,
                });
                _queued[e.Id] = _queued.GetValueOrDefault(e.Id) + 1;
                taken = true;
            }
        }

        if (taken)
        {
            // Durable before the contact lets the events go from its outbox.
            await _writer.WriteAsync();
            await EnsureReminderAsync();
            Pump();
        }
        else if (_dirty)
        {
            WriteLater();
        }
    }

    public async Task ConfigureAsync(WebhookTarget[] targets)
    {
        _configurations++;
        await ApplyTargetsAsync(targets);
    }

    public Task<WebhookDeliveries> GetDeliveriesAsync(string webhookId) => Task.FromResult(
        state.State.Webhooks.TryGetValue(webhookId, out var queue)
            ? new WebhookDeliveries
            {
                Items = [.. Enumerable.Reverse(queue.Attempts)],
                Queued = queue.Queue.Count,
                Dropped = queue.Dropped,
                LastDroppedAt = queue.LastDroppedAt,
            }
            : new WebhookDeliveries());

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != DeliverReminder)
        {
            return;
        }

        await EnsureTargetsAsync();
        if (_dirty)
        {
            await _writer.WriteAsync();
        }

        if (_queued.Count == 0)
        {
            // Nothing left to deliver: the grain may go when idle.
            await this.UnregisterReminderIfAnyAsync(DeliverReminder);
            _reminderOn = false;
            return;
        }

        _reminderOn = true;
        Pump();
    }

    private async Task ResumeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EnsureTargetsAsync();
            await EnsureReminderAsync();
            Pump();
        }
        catch (Exception e)
        {
            // The reminder comes back for it.
            LogResumeFailed(logger, e, _storeId);
        }
    }

    /// <summary>Reads the store's webhooks when none were read or pushed within <see cref="TargetsLifetime"/>.</summary>
    private async Task EnsureTargetsAsync()
    {
        if (_targets is not null && Environment.TickCount64 - _targetsReadAt < (long)TargetsLifetime.TotalMilliseconds)
        {
            return;
        }

        var configurations = _configurations;
        var targets = await GrainFactory.GetStoreWebhooks(_storeId).GetTargetsAsync();
        if (configurations == _configurations)
        {
            // No change was pushed while this read was on its way (a push is newer than it).
            await ApplyTargetsAsync(targets);
        }
    }

    /// <summary>Takes the webhooks as they are; the queue of one that is gone goes with it.</summary>
    private async Task ApplyTargetsAsync(WebhookTarget[] targets)
    {
        _targets = targets.ToDictionary(t => t.WebhookId, StringComparer.Ordinal);
        _targetsReadAt = Environment.TickCount64;
        await _writer.WhenIdleAsync();
        var gone = state.State.Webhooks.Keys.Where(id => !_targets.ContainsKey(id)).ToList();
        if (gone.Count > 0)
        {
            foreach (var id in gone)
            {
                foreach (var entry in state.State.Webhooks[id].Queue)
                {
                    Forget(entry.EventId);
                }

                state.State.Webhooks.Remove(id);
                _full.Remove(id);
            }

            await _writer.WriteAsync();
        }

        Pump();
    }

    /// <summary>Starts every attempt that may go now (per contact in order, within each webhook's concurrency) and sets the wake-up for the next retry.</summary>
    private void Pump()
    {
        if (_targets is null || _leaving)
        {
            return;
        }

        var now = Time.GetUtcNow();
        var max = options.Value.MaxConcurrentAttempts;
        DateTimeOffset? wake = null;
        List<(WebhookTarget Target, QueuedWebhookEvent Entry)>? starts = null;
        foreach (var (id, queue) in state.State.Webhooks)
        {
            if (queue.Queue.Count == 0 || !_targets.TryGetValue(id, out var target) || !target.Enabled)
            {
                continue;
            }

            var flying = InFlight(id);
            if (flying.Count >= max)
            {
                // One of them coming back pumps again.
                continue;
            }

            var selection = WebhookQueueOrder.Select(queue.Queue, e => flying.Contains(e.EventId), now, max - flying.Count);
            foreach (var index in selection.Due)
            {
                var entry = queue.Queue[index];
                flying.Add(entry.EventId);
                (starts ??= []).Add((target, entry));
            }

            if (selection.NextDueAt is { } due && (wake is null || due < wake))
            {
                wake = due;
            }
        }

        foreach (var (target, entry) in starts ?? [])
        {
            _ = AttemptAsync(target, entry);
        }

        if (wake is { } at)
        {
            WakeAt(at, now);
        }
    }

    private void WakeAt(DateTimeOffset at, DateTimeOffset now)
    {
        if (_wakeAt is { } planned && planned <= at)
        {
            return;
        }

        _wake?.Cancel();
        _wake?.Dispose();
        var wake = _wake = new CancellationTokenSource();
        _wakeAt = at;
        _ = WakeAsync(at > now ? at - now : TimeSpan.Zero, wake);
    }

    private async Task WakeAsync(TimeSpan delay, CancellationTokenSource wake)
    {
        try
        {
            await Task.Delay(delay, Time, wake.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        if (ReferenceEquals(_wake, wake))
        {
            _wake = null;
            _wakeAt = null;
            wake.Dispose();
        }

        Pump();
    }

    /// <summary>One attempt of <paramref name="entry"/>, and what it changes: delivered, retried later, or given up.</summary>
    private async Task AttemptAsync(WebhookTarget target, QueuedWebhookEvent entry)
    {
        // Never inside Pump's turn: whatever this changes, it changes after Pump has finished.
        await Task.Yield();
        WebhookAttemptResult result;
        try
        {
            result = await sender.PostAsync(target.Url, target.Secret, entry.Body, options.Value.AttemptTimeout);
        }
        catch (Exception e)
        {
            result = new WebhookAttemptResult(null, $"error: {e.GetType().Name}", TimeSpan.Zero);
        }

        if (_leaving)
        {
            // Still queued in storage: the next activation tries it again.
            return;
        }

        await _writer.WhenIdleAsync();
        InFlight(target.WebhookId).Remove(entry.EventId);
        var queue = state.State.Webhooks.GetValueOrDefault(target.WebhookId);
        var index = queue?.Queue.IndexOf(entry) ?? -1;
        if (queue is null || index < 0)
        {
            // Its webhook went meanwhile.
            Pump();
            return;
        }

        var now = Time.GetUtcNow();
        entry.Attempts++;
        entry.FirstAttemptAt ??= now - result.Duration;
        DateTimeOffset? next = null;
        WebhookAttemptOutcome outcome;
        if (result.Delivered)
        {
            outcome = WebhookAttemptOutcome.Delivered;
            Dequeue(target.WebhookId, queue, index);
        }
        else
        {
            next = options.Value.RetryPolicy.NextAttempt(entry.FirstAttemptAt.Value, now, entry.Attempts, Random.Shared.NextDouble());
            if (next is { } retryAt)
            {
                outcome = WebhookAttemptOutcome.Failed;
                entry.NextAttemptAt = retryAt;
                LogAttemptFailed(logger, _storeId, target.WebhookId, entry.EventId, entry.Attempts, result.StatusCode, result.Error, retryAt);
            }
            else
            {
                outcome = WebhookAttemptOutcome.GaveUp;
                Dequeue(target.WebhookId, queue, index);
                LogGaveUp(logger, _storeId, target.WebhookId, entry.EventId, entry.Attempts, result.StatusCode, result.Error);
            }
        }

        queue.Attempts.Add(new WebhookDelivery
        {
            EventId = entry.EventId,
            Type = entry.Type,
            ContactId = entry.ContactId,
            Attempt = entry.Attempts,
            At = now,
            StatusCode = result.StatusCode,
            Error = result.Error,
            Outcome = outcome,
            NextRetryAt = next,
            DurationMs = result.Duration.TotalMilliseconds,
        });
        if (queue.Attempts.Count > AttemptsKept)
        {
            queue.Attempts.RemoveRange(0, queue.Attempts.Count - AttemptsKept);
        }

        WebhookInstruments.Attempt(entry.Type, outcome switch
        {
            WebhookAttemptOutcome.Delivered => "delivered",
            WebhookAttemptOutcome.Failed => "failed",
            _ => "gaveUp",
        });

        try
        {
            await _writer.WriteAsync();
        }
        catch (Exception e)
        {
            // Memory no longer matches storage: the next activation reads the queue as stored and
            // tries again what this one thought done (at least once).
            LogWriteFailed(logger, e, _storeId);
            _leaving = true;
            DeactivateOnIdle();
            return;
        }

        Pump();
    }

    private void Dequeue(string webhookId, WebhookQueueState queue, int index)
    {
        Forget(queue.Queue[index].EventId);
        queue.Queue.RemoveAt(index);
        _full.Remove(webhookId);
    }

    /// <summary>One queue less holds the event; once none does, it is remembered among the recent ones.</summary>
    private void Forget(string eventId)
    {
        if (_queued.TryGetValue(eventId, out var count) && count > 1)
        {
            _queued[eventId] = count - 1;
            return;
        }

        _queued.Remove(eventId);
        Remember(eventId);
    }

    /// <summary>Adds the id to the recent ones (the oldest go past <see cref="RecentKept"/>); false when it was there.</summary>
    private bool Remember(string eventId)
    {
        if (!_recent.Add(eventId))
        {
            return false;
        }

        _recentOrder.Enqueue(eventId);
        if (_recentOrder.Count > RecentKept)
        {
            _recent.Remove(_recentOrder.Dequeue());
        }

        return true;
    }

    private WebhookQueueState QueueOf(string webhookId)
    {
        if (!state.State.Webhooks.TryGetValue(webhookId, out var queue))
        {
            state.State.Webhooks[webhookId] = queue = new WebhookQueueState();
        }

        return queue;
    }

    private HashSet<string> InFlight(string webhookId)
    {
        if (!_inFlight.TryGetValue(webhookId, out var flying))
        {
            _inFlight[webhookId] = flying = new HashSet<string>(StringComparer.Ordinal);
        }

        return flying;
    }

    /// <summary>Keeps the grain coming back while anything is queued, on this silo or another.</summary>
    private async Task EnsureReminderAsync()
    {
        if (!_reminderOn)
        {
            await this.RegisterOrUpdateReminder(DeliverReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            _reminderOn = true;
        }
    }

    /// <summary>Writes a change that is not worth a write of its own (a count of drops) a little later, with whatever comes.</summary>
    private void WriteLater() =>
        _lazyWrite ??= this.RegisterGrainTimer(async _ =>
        {
            _lazyWrite?.Dispose();
            _lazyWrite = null;
            if (_dirty)
            {
                try
                {
                    await _writer.WriteAsync();
                }
                catch (Exception e)
                {
                    LogWriteFailed(logger, e, _storeId);
                }
            }
        }, new GrainTimerCreationOptions { DueTime = LazyWriteDelay, Period = Timeout.InfiniteTimeSpan, Interleave = true });

    [LoggerMessage(Level = LogLevel.Debug, Message = "Store {StoreId}: webhook {WebhookId}, event {EventId}, attempt {Attempt} failed ({StatusCode}, {Error}); next at {NextAttemptAt}")]
    private static partial void LogAttemptFailed(ILogger logger, string storeId, string webhookId, string eventId, int attempt, int? statusCode, string? error, DateTimeOffset nextAttemptAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store {StoreId}: webhook {WebhookId} gave up event {EventId} after {Attempts} attempts (last: {StatusCode}, {Error})")]
    private static partial void LogGaveUp(ILogger logger, string storeId, string webhookId, string eventId, int attempts, int? statusCode, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store {StoreId}: webhook {WebhookId}'s queue holds {Limit} events in this dispatcher; new events are dropped (and counted) until it has room")]
    private static partial void LogQueueFull(ILogger logger, string storeId, string webhookId, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store {StoreId}: a webhook dispatcher could not write its queue; it reads it again from storage")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string storeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store {StoreId}: a webhook dispatcher could not resume its queue; its reminder tries again")]
    private static partial void LogResumeFailed(ILogger logger, Exception exception, string storeId);
}
