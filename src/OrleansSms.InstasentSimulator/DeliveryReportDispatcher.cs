using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;

namespace OrleansSms.InstasentSimulator;

/// <summary>How far a post to a callback URL has got.</summary>
internal enum CallbackState
{
    /// <summary>Waiting, in flight, or waiting again after a failed attempt.</summary>
    Pending,

    /// <summary>A callback answered 2xx.</summary>
    Posted,

    /// <summary>Given up after the last attempt.</summary>
    Abandoned,

    /// <summary>Its token has no callback URL: nothing was posted.</summary>
    Skipped,
}

/// <summary>One post to a token's callback URL: what it carries, which copy, how many attempts so far.</summary>
internal abstract class CallbackJob(bool duplicate)
{
    public bool Duplicate { get; } = duplicate;

    public int Attempts { get; set; }

    /// <summary>The token whose current callback URL gets the post.</summary>
    public abstract TokenAccount Account { get; }

    /// <summary>What logs name it by: the simulator's id of the message or inbound message.</summary>
    public abstract string Id { get; }

    /// <summary>What logs call it.</summary>
    public abstract string Kind { get; }

    /// <summary>The JSON body, identical for every attempt and copy.</summary>
    public abstract byte[] Payload { get; }

    /// <summary>The same post again, as a provider's retry would send it.</summary>
    public abstract CallbackJob Copy();

    /// <summary>Called when the job comes due, before the callback URL is read.</summary>
    public virtual void OnDue()
    {
    }

    /// <summary>
    /// Called with where the post stands after each attempt (<see cref="CallbackState.Pending"/>:
    /// it will be retried), or with <see cref="CallbackState.Skipped"/> when its token has no URL.
    /// </summary>
    public virtual void OnProgress(CallbackState state)
    {
    }
}

/// <summary>The delivery report of an accepted message.</summary>
internal sealed class DeliveryReportJob(SimMessage message, bool duplicate) : CallbackJob(duplicate)
{
    private byte[]? _payload;

    public SimMessage Message { get; } = message;

    public override TokenAccount Account => Message.Account;

    public override string Id => Message.Id;

    public override string Kind => "delivery report";

    public override byte[] Payload => _payload ??= JsonSerializer.SerializeToUtf8Bytes(
        new DeliveryReport(Message.Id, Message.ClientId, Message.Outcome, DeliveryStatuses.CodeOf(Message.Outcome), Message.EventAt),
        (JsonTypeInfo<DeliveryReport>)SimulatorJsonContext.Relaxed.GetTypeInfo(typeof(DeliveryReport)));

    public override CallbackJob Copy() => new DeliveryReportJob(Message, duplicate: true);

    public override void OnDue() => Message.MarkReported();
}

/// <summary>
/// Posts delivery reports and inbound messages to each token's callback URL. One scheduler loop
/// keeps every pending post in a priority queue keyed by due time (a report waits there, never on its own timer) and
/// hands due ones through a bounded channel to <see cref="SimulatorOptions.CallbackConcurrency"/>
/// workers sharing one HttpClient. A failed post goes back into the queue with exponential backoff
/// and jitter until <see cref="SimulatorOptions.MaxCallbackAttempts"/>; nothing is dropped while
/// the process runs.
/// </summary>
internal sealed partial class DeliveryReportDispatcher : BackgroundService
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly SimulatorOptions _options;
    private readonly ILogger<DeliveryReportDispatcher> _logger;
    private readonly object _gate = new();
    private readonly PriorityQueue<CallbackJob, long> _queue = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Channel<CallbackJob> _ready;
    private readonly HttpClient _http;
    private long _sleepUntil = long.MaxValue; // guarded by _gate; long.MinValue while the scheduler is awake

    private long _scheduled;
    private long _sent;
    private long _failed;
    private long _abandoned;
    private long _skipped;
    private long _duplicates;
    private long _pending;

    public DeliveryReportDispatcher(SimulatorOptions options, ILogger<DeliveryReportDispatcher> logger)
    {
        _options = options;
        _logger = logger;
        _ready = Channel.CreateBounded<CallbackJob>(new BoundedChannelOptions(options.CallbackConcurrency * 4)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.CallbackConcurrency,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = options.CallbackTimeout,
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public SimulatorCallbackStats Stats => new(
        Interlocked.Read(ref _scheduled), Interlocked.Read(ref _sent), Interlocked.Read(ref _failed),
        Interlocked.Read(ref _abandoned), Interlocked.Read(ref _skipped), Interlocked.Read(ref _duplicates),
        Interlocked.Read(ref _pending));

    /// <summary>Schedules the reports of freshly accepted messages, <see cref="SimulatorOptions.DeliveryDelay"/> from now.</summary>
    public void Schedule(List<SimMessage> accepted) =>
        Enqueue(accepted.Select(m => (CallbackJob)new DeliveryReportJob(m, duplicate: false)), _options.DeliveryDelay);

    /// <summary>Schedules the post of an inbound message now.</summary>
    public void Schedule(SimInbound inbound) => Enqueue([new InboundJob(inbound, duplicate: false)], TimeSpan.Zero);

    private void Enqueue(IEnumerable<CallbackJob> fresh, TimeSpan delay)
    {
        var now = Stopwatch.GetTimestamp();
        var due = now + Ticks(delay);
        var jobs = 0;
        var duplicates = 0;
        lock (_gate)
        {
            foreach (var job in fresh)
            {
                _queue.Enqueue(job, due);
                jobs++;
                if (_options.DuplicateReportRate > 0 && Random.Shared.NextDouble() < _options.DuplicateReportRate)
                {
                    // The copy follows shortly after, as a provider's retry would.
                    var later = due + Ticks(_options.DeliveryDelay * Random.Shared.NextDouble()) + 1;
                    _queue.Enqueue(job.Copy(), later);
                    jobs++;
                    duplicates++;
                }
            }

            WakeIfEarlier(due);
        }

        Interlocked.Add(ref _scheduled, jobs);
        Interlocked.Add(ref _duplicates, duplicates);
        Interlocked.Add(ref _pending, jobs);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = new List<Task> { Task.Run(() => ScheduleLoopAsync(stoppingToken), CancellationToken.None) };
        for (var i = 0; i < _options.CallbackConcurrency; i++)
        {
            loops.Add(Task.Run(() => WorkLoopAsync(stoppingToken), CancellationToken.None));
        }

        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        base.Dispose();
        _http.Dispose();
        _wake.Dispose();
    }

    private void Requeue(CallbackJob job, TimeSpan delay)
    {
        var due = Stopwatch.GetTimestamp() + Ticks(delay);
        lock (_gate)
        {
            _queue.Enqueue(job, due);
            WakeIfEarlier(due);
        }
    }

    private void WakeIfEarlier(long due)
    {
        if (due < _sleepUntil)
        {
            _sleepUntil = due;
            _wake.Release();
        }
    }

    private async Task ScheduleLoopAsync(CancellationToken cancellationToken)
    {
        var due = new List<CallbackJob>(256);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var wait = Timeout.InfiniteTimeSpan;
                lock (_gate)
                {
                    var now = Stopwatch.GetTimestamp();
                    while (due.Count < 1024 && _queue.TryPeek(out var job, out var at) && at <= now)
                    {
                        due.Add(_queue.Dequeue());
                    }

                    if (due.Count > 0)
                    {
                        _sleepUntil = long.MinValue;
                    }
                    else if (_queue.TryPeek(out _, out var next))
                    {
                        _sleepUntil = next;
                        wait = Stopwatch.GetElapsedTime(now, next) + TimeSpan.FromMilliseconds(0.5);
                    }
                    else
                    {
                        _sleepUntil = long.MaxValue;
                    }
                }

                if (due.Count == 0)
                {
                    await _wake.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                foreach (var job in due)
                {
                    await _ready.Writer.WriteAsync(job, cancellationToken).ConfigureAwait(false);
                }

                due.Clear();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task WorkLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var job in _ready.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await DeliverAsync(job, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    // A bug of ours must not lose the report: it counts as a failed attempt.
                    LogUnexpected(_logger, e, job.Kind, job.Id);
                    Failed(job, status: null);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(CallbackJob job, CancellationToken cancellationToken)
    {
        job.OnDue();
        var url = job.Account.CallbackUrl;
        if (url is null)
        {
            Interlocked.Increment(ref _skipped);
            Interlocked.Decrement(ref _pending);
            job.OnProgress(CallbackState.Skipped);
            return;
        }

        job.Attempts++;
        var payload = job.Payload;
        int? status = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.CallbackTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(payload) };
            request.Content.Headers.ContentType = Json;
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref _sent);
                Interlocked.Decrement(ref _pending);
                job.OnProgress(CallbackState.Posted);
                return;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Slower than CallbackTimeout: a failure, as at Instasent.
        }
        catch (HttpRequestException)
        {
        }

        Failed(job, status);
    }

    private void Failed(CallbackJob job, int? status)
    {
        Interlocked.Increment(ref _failed);
        if (job.Attempts >= _options.MaxCallbackAttempts)
        {
            Interlocked.Increment(ref _abandoned);
            Interlocked.Decrement(ref _pending);
            job.OnProgress(CallbackState.Abandoned);
            LogAbandoned(_logger, job.Kind, job.Id, job.Attempts, status);
            return;
        }

        job.OnProgress(CallbackState.Pending);
        Requeue(job, Backoff(Math.Max(job.Attempts, 1)));
    }

    private TimeSpan Backoff(int attempts)
    {
        var exponential = _options.CallbackRetryBaseDelay * Math.Pow(2, Math.Min(attempts - 1, 30));
        var capped = exponential > _options.CallbackRetryMaxDelay ? _options.CallbackRetryMaxDelay : exponential;
        return capped * (0.8 + (0.4 * Random.Shared.NextDouble()));
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Kind} {Id} was given up after {Attempts} attempts (last status {Status})")]
    private static partial void LogAbandoned(ILogger logger, string kind, string id, int attempts, int? status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error posting the {Kind} {Id}; counted as a failed attempt")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string kind, string id);
}
