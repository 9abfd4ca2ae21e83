using Orleans.Concurrency;
using OrleansSms.Abstractions.Newsletters;
using OrleansSms.Abstractions.Workflows;
using OrleansSms.Domain.Lists;

namespace OrleansSms.Grains.Workflows;

/// <inheritdoc cref="IWorkflowRunsGrain"/>
/// <remarks>
/// A view of its runs, kept off their way: a report changes memory at once (reads see it) and is
/// written with every other change of the same second, on a timer (at thousands of runs a
/// second, one write a second of at most <see cref="WorkflowOptions.ListedRuns"/> entries), and
/// when the activation goes. A silo that dies loses at most that second of changes; the runs
/// themselves are durable, and each tells the list again at its next change. A page reads each
/// newsletter's counters from its run, and asks a one-contact run that has not reported for
/// longer than it should have (running a resume interval ago, or waiting past its wait) where it
/// stands, so a report lost that way heals when the run is shown. Reentrant: reports never
/// wait behind a page, nor a page behind a write.
/// </remarks>
[Reentrant]
internal sealed partial class WorkflowRunsGrain : Grain, IWorkflowRunsGrain
{
    /// <summary>How long a report waits in memory for the write that stores it with the others.</summary>
    public static readonly TimeSpan WriteDelay = TimeSpan.FromSeconds(1);

    private readonly IPersistentState<WorkflowRunsState> _state;
    private readonly CoalescingStateWriter<WorkflowRunsState> _writer;
    private readonly TimeProvider _time;
    private readonly TimeSpan _staleAfter;
    private readonly ILogger<WorkflowRunsGrain> _logger;
    private readonly NewestFirst<RunEntry> _runs;

    private bool _dirty;
    private IGrainTimer? _write;

    public WorkflowRunsGrain(
        [PersistentState("workflowRuns", StorageNames.Sms)] IPersistentState<WorkflowRunsState> state,
        TimeProvider time,
        Microsoft.Extensions.Options.IOptions<WorkflowOptions> options,
        Microsoft.Extensions.Options.IOptions<DurabilityOptions> durability,
        ILogger<WorkflowRunsGrain> logger)
    {
        _state = state;
        _time = time;
        _staleAfter = durability.Value.ResumeInterval;
        _logger = logger;
        _runs = new NewestFirst<RunEntry>(options.Value.ListedRuns);
        _writer = new CoalescingStateWriter<WorkflowRunsState>(state, () => _state.State.Runs = [.. _runs.Items]);
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var run in _state.State.Runs)
        {
            _runs.Upsert(run.RunId, run.StartedAt, run);
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (!_dirty)
        {
            return;
        }

        try
        {
            await _writer.WriteAsync();
        }
        catch (Exception e)
        {
            // Lost with this activation: each run tells the list again at its next change.
            LogNotWritten(_logger, e, this.GetPrimaryKeyString());
        }
    }

    public Task RecordAsync(RunEntry entry)
    {
        Apply(entry);
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string runId)
    {
        if (_runs.Remove(runId))
        {
            Changed();
        }

        return Task.CompletedTask;
    }

    public Task ClearAsync()
    {
        if (_runs.Count > 0)
        {
            _runs.Clear();
            Changed();
        }

        return Task.CompletedTask;
    }

    public async Task<RunPage> ListAsync(RunListQuery query)
    {
        var after = query is { AfterStartedAt: { } at, AfterRunId: { } id } ? new TimeCursor(at, id) : null;
        var (entries, next) = _runs.Page(after, query.Limit, run => query.Status is null || run.Status == query.Status);

        var key = WorkflowKey.Parse(this.GetPrimaryKeyString());
        var items = await Task.WhenAll(entries.Select(entry => ReadAsync(key, entry)));
        return new RunPage(
            [.. items.Where(item => query.Status is null || item.Run.Status == query.Status)],
            next?.At,
            next?.Id);
    }

    /// <summary>A listed run for a page: a newsletter with its counters, a run that went quiet as it stands now.</summary>
    private async Task<RunListItem> ReadAsync(WorkflowKey workflow, RunEntry entry)
    {
        try
        {
            if (entry.Kind == RunKind.Newsletter)
            {
                var newsletter = await GrainFactory.GetNewsletterRun(new RunKey(workflow.StoreId, workflow.WorkflowId, entry.RunId)).GetSummaryAsync();
                return newsletter is null ? new RunListItem(entry, null) : new RunListItem(Apply(RunEntry.Of(newsletter)), newsletter);
            }

            if (IsQuiet(entry) && await GrainFactory.GetWorkflowRun(workflow.StoreId, workflow.WorkflowId, entry.RunId).GetAsync() is { } run)
            {
                return new RunListItem(Apply(RunEntry.Of(run)), null);
            }
        }
        catch (Exception e)
        {
            // The page shows what the list last heard.
            LogRunNotRead(_logger, e, this.GetPrimaryKeyString(), entry.RunId);
        }

        return new RunListItem(entry, null);
    }

    /// <summary>A one-contact run not over that should have reported since.</summary>
    private bool IsQuiet(RunEntry entry)
    {
        var now = _time.GetUtcNow();
        return entry.Status switch
        {
            RunListStatus.Running => entry.UpdatedAt + _staleAfter < now,
            RunListStatus.Waiting => entry.WaitingUntil is not { } until || until + _staleAfter < now,
            _ => false,
        };
    }

    /// <summary>Takes a report into the list (a run over stays over) and answers the entry as listed.</summary>
    private RunEntry Apply(RunEntry entry)
    {
        var known = _runs.Find(entry.RunId);
        if (known is not null && (known.IsOver && !entry.IsOver || known == entry with { UpdatedAt = known.UpdatedAt }))
        {
            return known;
        }

        var listed = entry with
        {
            StartedAt = known?.StartedAt ?? entry.StartedAt,
            ContactId = entry.ContactId ?? known?.ContactId,
            UpdatedAt = _time.GetUtcNow(),
        };
        if (_runs.Upsert(listed.RunId, listed.StartedAt, listed))
        {
            Changed();
        }

        return listed;
    }

    private void Changed()
    {
        _dirty = true;
        _write ??= this.RegisterGrainTimer(WriteOnTimerAsync, new GrainTimerCreationOptions
        {
            DueTime = WriteDelay,
            Period = Timeout.InfiniteTimeSpan,
        });
    }

    private async Task WriteOnTimerAsync(CancellationToken cancellationToken)
    {
        _write?.Dispose();
        _write = null;
        if (_dirty)
        {
            await WriteAsync();
        }
    }

    private async Task WriteAsync()
    {
        _dirty = false;
        try
        {
            await _writer.WriteAsync();
        }
        catch (Exception e)
        {
            // Memory still holds every change: read the stored record's ETag again and write it all next time.
            LogNotWritten(_logger, e, this.GetPrimaryKeyString());
            try
            {
                await _state.ReadStateAsync();
            }
            catch (Exception reread)
            {
                LogNotWritten(_logger, reread, this.GetPrimaryKeyString());
            }

            Changed();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Runs list {WorkflowKey} could not be written; it tries again in a second")]
    private static partial void LogNotWritten(ILogger logger, Exception exception, string workflowKey);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Runs list {WorkflowKey} could not read run {RunId}; the page shows what it last heard")]
    private static partial void LogRunNotRead(ILogger logger, Exception exception, string workflowKey, string runId);
}
