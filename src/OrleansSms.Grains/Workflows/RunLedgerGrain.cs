using OrleansSms.Abstractions.Workflows;

namespace OrleansSms.Grains.Workflows;

/// <inheritdoc cref="IRunLedgerGrain"/>
/// <remarks>
/// Adds interleave and share writes (<see cref="CoalescingStateWriter{TState}"/>): at hundreds of
/// events a second, one commit records several runs. Removals are not urgent — a run the ledger
/// still holds after it finished is only asked once more, and answers that it is over — so they
/// ride on the next write, or on a write a second later.
/// </remarks>
internal sealed partial class RunLedgerGrain : Grain, IRunLedgerGrain, IRemindable
{
    /// <summary>
    /// Runs held at most. Beyond it (a store whose sends queue at a slow rate limit), runs keep
    /// their own reminders, so the ledger's writes stay small however long the queue.
    /// </summary>
    public const int Capacity = 1_000;

    private const string ResumeReminder = "resume-runs";

    /// <summary>Runs resumed side by side at a reminder tick.</summary>
    private const int ResumeBatch = 32;

    private static readonly TimeSpan RemovalDelay = TimeSpan.FromSeconds(1);

    private readonly IPersistentState<RunLedgerState> _state;
    private readonly CoalescingStateWriter<RunLedgerState> _writer;
    private readonly TimeProvider _time;
    private readonly DurabilityOptions _durability;
    private readonly ILogger<RunLedgerGrain> _logger;

    /// <summary>The runs held, as callers see them: added (durable or about to be) and not removed.</summary>
    private readonly HashSet<string> _held = new(StringComparer.Ordinal);

    /// <summary>Removed runs still in the state: taken out just before the next write starts.</summary>
    private readonly HashSet<string> _removed = new(StringComparer.Ordinal);

    private Task? _reminder;
    private IGrainTimer? _removalWrite;

    public RunLedgerGrain(
        [PersistentState("runLedger", StorageNames.Sms)] IPersistentState<RunLedgerState> state,
        TimeProvider time,
        Microsoft.Extensions.Options.IOptions<DurabilityOptions> durability,
        ILogger<RunLedgerGrain> logger)
    {
        _state = state;
        _time = time;
        _durability = durability.Value;
        _logger = logger;
        _writer = new CoalescingStateWriter<RunLedgerState>(state, beforeWrite: TakeOutRemoved);
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _held.UnionWith(_state.State.Runs.Keys);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_removed.Count == 0)
        {
            return;
        }

        try
        {
            await _writer.WriteAsync();
        }
        catch (Exception e)
        {
            // Harmless: the next tick asks those runs once more and hears that they are over.
            LogRemovalsNotWritten(_logger, e, this.GetPrimaryKeyString(), _removed.Count);
        }
    }

    public async Task<bool> AddAsync(string runKey, RunStart start, DateTimeOffset startedAt)
    {
        if (_held.Count >= Capacity && !_held.Contains(runKey))
        {
            return false;
        }

        _held.Add(runKey);
        _removed.Remove(runKey);
        var entry = new RunLedgerEntry(start, startedAt);
        var reminder = _reminder ??= RegisterReminderAsync();
        try
        {
            // The reminder and the entry side by side: both must be durable before the answer.
            await Task.WhenAll(reminder, _writer.WriteAsync(() => _state.State.Runs[runKey] = entry));
        }
        catch
        {
            if (reminder.IsFaulted)
            {
                _reminder = null;
            }

            // Memory may now hold entries that storage does not: start again from storage.
            DeactivateOnIdle();
            throw;
        }

        return true;
    }

    public Task RemoveAsync(string runKey)
    {
        if (_held.Remove(runKey))
        {
            _removed.Add(runKey);
            _removalWrite ??= this.RegisterGrainTimer(WriteRemovalsAsync, new GrainTimerCreationOptions
            {
                DueTime = RemovalDelay,
                Period = Timeout.InfiniteTimeSpan,
            });
        }

        return Task.CompletedTask;
    }

    public Task<int> CountAsync() => Task.FromResult(_held.Count);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ResumeReminder)
        {
            return;
        }

        // Runs recorded a whole interval ago and still held: their silo may have died mid-run.
        var due = _time.GetUtcNow() - _durability.ResumeInterval;
        var stale = _state.State.Runs
            .Where(run => run.Value.StartedAt <= due && _held.Contains(run.Key))
            .ToList();
        foreach (var batch in stale.Chunk(ResumeBatch))
        {
            await Task.WhenAll(batch.Select(run => ResumeAsync(run.Key, run.Value)));
        }

        if (_held.Count == 0)
        {
            await StopReminderAsync();
        }
    }

    private async Task ResumeAsync(string runKey, RunLedgerEntry entry)
    {
        try
        {
            if (!await GrainFactory.GetGrain<IWorkflowRunGrain>(runKey).ResumeAsync(entry.Start, entry.StartedAt))
            {
                await RemoveAsync(runKey);
            }
        }
        catch (Exception e)
        {
            // Still held: the next tick asks again.
            LogResumeFailed(_logger, e, this.GetPrimaryKeyString(), runKey);
        }
    }

    private async Task StopReminderAsync()
    {
        _reminder = null;
        if (_removed.Count > 0)
        {
            await _writer.WriteAsync();
        }

        await this.UnregisterReminderIfAnyAsync(ResumeReminder);
        if (_held.Count > 0)
        {
            // A run came in meanwhile; its registration may have landed before the removal.
            await (_reminder = RegisterReminderAsync());
        }
    }

    private async Task WriteRemovalsAsync(CancellationToken cancellationToken)
    {
        _removalWrite?.Dispose();
        _removalWrite = null;
        if (_removed.Count > 0)
        {
            await _writer.WriteAsync();
        }
    }

    private void TakeOutRemoved()
    {
        foreach (var runKey in _removed)
        {
            _state.State.Runs.Remove(runKey);
        }

        _removed.Clear();
    }

    private Task RegisterReminderAsync() =>
        this.RegisterOrUpdateReminder(ResumeReminder, _durability.ResumeInterval, _durability.ResumeInterval);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Run ledger {LedgerKey} could not write {Count} removals as it deactivated")]
    private static partial void LogRemovalsNotWritten(ILogger logger, Exception exception, string ledgerKey, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run ledger {LedgerKey} could not resume run {RunKey}; it asks again at the next tick")]
    private static partial void LogResumeFailed(ILogger logger, Exception exception, string ledgerKey, string runKey);
}
