using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansSms.Abstractions.Channel;
using OrleansSms.Abstractions.Sending;
using OrleansSms.Instasent;

namespace OrleansSms.Grains.Sending;

/// <summary>
/// The way out to Instasent for one store, one activation per silo. A send goes at once when
/// fewer than <see cref="ConnectorOptions.MaxBatchesInFlight"/> calls are out; sends that come
/// while all are out wait for the first to return and go with it as one bulk call, so an event's
/// SMS never waits for company and a newsletter's still travel in bulk. Each batch first takes its turn at
/// the store's rate from <see cref="IStoreRateLimiterGrain"/>, which keeps every second at
/// Instasent within 1.1 R. With a rate R a batch is at most R/20 messages, so paced batches
/// leave the ceiling some room for jitter and it seldom has to hold one back. Instasent's own
/// request ceiling is watched too: when its latest <c>X-RateLimit-Remaining</c> for the store's
/// token is down to <see cref="ConnectorOptions.RateLimitReserve"/>, the store's sends wait for
/// the window's reset (and meanwhile gather into bulk calls).
/// </summary>
/// <remarks>
/// It paces real HTTP traffic, so it keeps to the system clock (as Orleans' own timers do), not
/// the injected <see cref="TimeProvider"/> that tests replace to move contacts' clocks.
/// </remarks>
[StatelessWorker(1)]
[Reentrant]
internal sealed partial class InstasentConnectorGrain(
    InstasentClient client,
    IOptions<ConnectorOptions> connectorOptions,
    IOptions<InstasentOptions> instasentOptions,
    ILogger<InstasentConnectorGrain> logger) : Grain, IInstasentConnectorGrain
{
    private static readonly TimeProvider Clock = TimeProvider.System;

    /// <summary>A throttled store's batches per second: each carries R/20 messages.</summary>
    private const int PacedBatchesPerSecond = 20;

    /// <summary>How often a send held for Instasent's window looks again whether the calls out have answered.</summary>
    private static readonly TimeSpan AnswerPoll = TimeSpan.FromMilliseconds(50);
    private readonly ConnectorOptions _options = connectorOptions.Value;
    private readonly int _maxBulk = instasentOptions.Value.MaxBulkSize;
    private readonly TimeSpan _windowJitter = instasentOptions.Value.RateLimitJitter;
    private readonly List<Pending> _queue = [];

    private string StoreId => InstasentConnectorKeys.Parse(this.GetPrimaryKeyString());
    private int _batchesInFlight;

    /// <summary>Calls out to Instasent now, by endpoint: their answers are not in the client's latest <c>X-RateLimit-Remaining</c> yet.</summary>
    private int _singleCallsOut;
    private int _bulkCallsOut;
    private StoreChannel? _channel;
    private DateTimeOffset _channelReadAt = DateTimeOffset.MinValue;

    public async Task<ProviderSendOutcome> SendAsync(OutboundSms sms)
    {
        var pending = new Pending(sms);
        _queue.Add(pending);
        if (_batchesInFlight < Lanes || _queue.Count >= _maxBulk)
        {
            // A free lane (or a full bulk call waiting): send now, with whatever queued meanwhile;
            // the lane keeps sending until the queue is empty.
            _batchesInFlight++;
            try
            {
                await FlushAsync();
            }
            finally
            {
                _batchesInFlight--;
            }
        }

        return await pending.Outcome.Task;
    }

    /// <summary>
    /// Silo shutdown (or any deactivation): Orleans deactivates an activation only once its
    /// running calls have finished, and each queued send is a running call, so the queue has
    /// normally been flushed to Instasent by now (a SIGTERM'd silo finishes its batches). Should
    /// any be left, they are sent within the deactivation's time and the rest handed back as
    /// "try later": pending at their owner, resent by its reminder with the same clientId.
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_queue.Count == 0)
        {
            return;
        }

        LogDeactivatedWithQueue(logger, StoreId, _queue.Count, reason.ReasonCode);
        try
        {
            await FlushAsync().WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Out of time: what is still queued goes back below.
        }

        var left = _queue.ToList();
        _queue.Clear();
        Complete(left, ProviderSendOutcome.Transient("the connector was deactivated before sending it"));
    }

    private async Task FlushAsync()
    {
        while (_queue.Count > 0)
        {
            var channel = await ChannelAsync();
            if (_queue.Count == 0)
            {
                // Another flush took them while the channel was read.
                break;
            }

            if (channel is not null && !await WaitForWindowAsync(channel))
            {
                // Instasent's window for this token stays used up for longer than a send may wait.
                var held = _queue.ToList();
                _queue.Clear();
                LogWindowUsedUp(logger, StoreId, held.Count);
                Complete(held, ProviderSendOutcome.Transient("Instasent's request window for the store's token is used up"));
                break;
            }

            if (_queue.Count == 0)
            {
                break;
            }

            var size = Math.Min(BatchSize(channel), _queue.Count);
            var batch = _queue.GetRange(0, size);
            _queue.RemoveRange(0, size);
            await SendBatchAsync(channel, batch);
        }
    }

    /// <summary>
    /// Batches a connector keeps going at once. A throttled store's batches mostly wait for their
    /// turn at the limiter, so it keeps a second's worth of them (20 batches of R/20) reserved
    /// ahead: with fewer, a late timer or a slow call leaves the timeline idle, and the store
    /// gets less than its rate.
    /// </summary>
    private int Lanes => _channel?.ThrottlePerSecond is not null
        ? Math.Max(_options.MaxBatchesInFlight, PacedBatchesPerSecond)
        : _options.MaxBatchesInFlight;

    private int BatchSize(StoreChannel? channel) =>
        channel?.ThrottlePerSecond is { } rate ? Math.Clamp(rate / PacedBatchesPerSecond, 1, _maxBulk) : _maxBulk;

    private async Task SendBatchAsync(StoreChannel? channel, List<Pending> batch)
    {
        if (channel is null)
        {
            Complete(batch, ProviderSendOutcome.Refused("the store has no SMS channel configured"));
            return;
        }

        var limiter = GrainFactory.GetStoreRateLimiter(StoreId);
        long? lease = null;
        try
        {
            if (channel.ThrottlePerSecond is { } rate)
            {
                lease = await TakeTurnAsync(limiter, batch.Count, rate);
                if (lease is null)
                {
                    LogThrottleBacklog(logger, StoreId, batch.Count);
                    Complete(batch, ProviderSendOutcome.Transient("the store's send rate is saturated"));
                    return;
                }
            }

            Telemetry.SmsInstruments.ConnectorBatch(batch.Count);
            if (batch.Count == 1)
            {
                _singleCallsOut++;
                try
                {
                    batch[0].Outcome.TrySetResult(ToWire(await client.SendAsync(channel.ApiToken, ToClient(batch[0].Sms))));
                }
                finally
                {
                    _singleCallsOut--;
                }

                return;
            }

            InstasentOutcome[] outcomes;
            _bulkCallsOut++;
            try
            {
                outcomes = await client.SendBulkAsync(channel.ApiToken, batch.ConvertAll(p => ToClient(p.Sms)));
            }
            finally
            {
                _bulkCallsOut--;
            }

            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Outcome.TrySetResult(ToWire(outcomes[i]));
            }
        }
        catch (Exception e)
        {
            LogBatchFailed(logger, e, StoreId, batch.Count);
            Complete(batch, ProviderSendOutcome.Transient($"connector error: {e.GetType().Name}"));
        }
        finally
        {
            if (lease is { } ended)
            {
                try
                {
                    await limiter.EndAsync(ended, Clock.GetUtcNow());
                }
                catch (Exception e)
                {
                    // The outcomes are given; the limiter stops counting a lost end on its own.
                    LogEndLost(logger, e, StoreId);
                }
            }
        }
    }

    /// <summary>
    /// Waits for the batch's reserved instant, then for the limiter's go (it answers a later
    /// instant when the last second is full): a lease, or null past <see cref="ConnectorOptions.MaxThrottleWait"/>.
    /// </summary>
    private async Task<long?> TakeTurnAsync(IStoreRateLimiterGrain limiter, int permits, int rate)
    {
        var reservedAt = Clock.GetUtcNow();
        var giveUpAt = reservedAt + _options.MaxThrottleWait;
        var at = await limiter.ReserveAsync(permits, rate, _options.MaxThrottleWait);
        while (at is { } next && next <= giveUpAt)
        {
            var wait = next - Clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, Clock);
            }

            var turn = await limiter.StartAsync(permits, rate);
            if (turn.Granted)
            {
                Telemetry.SmsInstruments.ThrottleWaited(Clock.GetUtcNow() - reservedAt);
                return turn.Lease;
            }

            at = turn.RetryAt;
        }

        return null;
    }

    /// <summary>
    /// Holds the store's sends while Instasent's window for its token would be used up: the
    /// requests left on the endpoint the next batch would use (bulk when more than one send
    /// waits) are the latest answer's <c>X-RateLimit-Remaining</c> (a whole <c>X-RateLimit-Limit</c>
    /// once its reset has passed), less this connector's calls on that endpoint still out. At
    /// most <see cref="ConnectorOptions.RateLimitReserve"/> left (never all of the limit): wait for
    /// the reset, plus up to <see cref="InstasentOptions.RateLimitJitter"/>, or, past it, a moment
    /// for the calls out to answer. False when that takes longer than <see cref="ConnectorOptions.MaxThrottleWait"/>.
    /// </summary>
    private async Task<bool> WaitForWindowAsync(StoreChannel channel)
    {
        var started = Clock.GetUtcNow();
        var giveUpAt = started + _options.MaxThrottleWait;
        var held = false;
        while (_queue.Count > 0)
        {
            var bulk = _queue.Count > 1;
            if (client.RateLimit(channel.ApiToken, bulk) is not { } limit)
            {
                break;
            }

            var now = Clock.GetUtcNow();
            var reset = limit.Reset <= now;
            var left = (reset ? limit.Limit : limit.Remaining) - (bulk ? _bulkCallsOut : _singleCallsOut);
            if (left > Math.Min(_options.RateLimitReserve, limit.Limit - 1))
            {
                break;
            }

            var until = reset ? now + AnswerPoll : limit.Reset + (_windowJitter * Random.Shared.NextDouble());
            if (until > giveUpAt)
            {
                return false;
            }

            held = true;
            await Task.Delay(until - now, Clock);
        }

        if (held)
        {
            Telemetry.SmsInstruments.RateLimitHeld(Clock.GetUtcNow() - started);
        }

        return true;
    }

    private async Task<StoreChannel?> ChannelAsync()
    {
        var now = Clock.GetUtcNow();
        if (now - _channelReadAt > _options.ChannelCacheTime)
        {
            _channel = await GrainFactory.GetStoreChannel(StoreId).GetAsync();
            _channelReadAt = now;
        }

        return _channel;
    }

    /// <summary>The Instasent client knows nothing of Orleans: its message and outcome types are mapped here.</summary>
    private static InstasentMessage ToClient(OutboundSms sms) => new(sms.ClientId, sms.From, sms.To, sms.Text, sms.AllowUnicode);

    private static ProviderSendOutcome ToWire(InstasentOutcome outcome) => new(
        outcome.Kind switch
        {
            InstasentOutcomeKind.Accepted => ProviderOutcomeKind.Accepted,
            InstasentOutcomeKind.Refused => ProviderOutcomeKind.Refused,
            InstasentOutcomeKind.Unaccounted => ProviderOutcomeKind.Unaccounted,
            _ => ProviderOutcomeKind.Transient,
        },
        outcome.ProviderId,
        outcome.Error);

    private static void Complete(List<Pending> batch, ProviderSendOutcome outcome)
    {
        foreach (var pending in batch)
        {
            pending.Outcome.TrySetResult(outcome);
        }
    }

    private sealed class Pending(OutboundSms sms)
    {
        public OutboundSms Sms { get; } = sms;

        public TaskCompletionSource<ProviderSendOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store {StoreId}: send rate saturated, {Count} message(s) handed back for later")]
    private static partial void LogThrottleBacklog(ILogger logger, string storeId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store {StoreId}: Instasent's request window is used up beyond the longest wait, {Count} message(s) handed back for later")]
    private static partial void LogWindowUsedUp(ILogger logger, string storeId, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Store {StoreId}: a batch of {Count} message(s) failed in the connector")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, string storeId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store {StoreId}: the end of a send could not be reported to the rate limiter")]
    private static partial void LogEndLost(ILogger logger, Exception exception, string storeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store {StoreId}: connector deactivated ({Reason}) with {Count} message(s) queued; sending them, or handing them back for later")]
    private static partial void LogDeactivatedWithQueue(ILogger logger, string storeId, int count, DeactivationReasonCode reason);
}
