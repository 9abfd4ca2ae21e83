using OrleansSms.Abstractions.Newsletters;
using OrleansSms.Abstractions.Sending;
using OrleansSms.Abstractions.Workflows;
using OrleansSms.Domain.Reports;
using OrleansSms.Domain.Workflows;
using OrleansSms.Grains.Reports;

namespace OrleansSms.Grains.Workflows;

/// <inheritdoc cref="IWorkflowRunGrain"/>
/// <remarks>
/// Durable from the start: the store's run ledger records the start (many runs share its writes,
/// and its reminder resumes a run whose silo died), or, when the ledger is full, a "resume"
/// reminder of the run's own and a state write do. The state is written after every node, so a
/// crash repeats at most the node in progress, and that node's send carries the same
/// idempotency key (run id + step number): it is not sent twice. A Wait moves the run to a
/// reminder of its own, due when the wait ends, and out of the ledger. A turn takes at most
/// <see cref="StepsPerTurn"/> steps, then the run goes on as its next message, so a look-up or a
/// cancel never waits behind a long run. The path keeps the newest
/// <see cref="WorkflowOptions.RunPathSteps"/> steps. A cancel ends the run between two turns.
/// Each change of status is told to the workflow's list of runs once it is stored (not for a
/// contact a newsletter handed over at a Wait: the newsletter's counters hold those).
/// A skipped send is counted in the store's SMS report by its contact, in the hour of the run's
/// last durable moment before the node (its start, the end of its wait, or its last step), which
/// a repeat of the node after a crash shares; once the step is written, the run confirms the
/// count's mark to the counters.
/// </remarks>
internal sealed partial class WorkflowRunGrain(
    [PersistentState("workflowRun", StorageNames.Sms)] IPersistentState<WorkflowRunState> state,
    TimeProvider time,
    Microsoft.Extensions.Options.IOptions<DurabilityOptions> durability,
    Microsoft.Extensions.Options.IOptions<WorkflowOptions> options,
    WorkflowVersionCache versions,
    ILogger<WorkflowRunGrain> logger) : Grain, IWorkflowRunGrain, IRemindable
{
    // The stored names of RunStatus values (RunRecords parses them back).
    private const string Running = "running";
    private const string Waiting = "waiting";
    private const string Completed = "completed";
    private const string Failed = "failed";
    private const string Cancelled = "cancelled";

    /// <summary>Steps one turn takes at most before the run goes on as its next message.</summary>
    public const int StepsPerTurn = 16;

    private const string ResumeReminder = "resume";

    /// <summary>How long the stand-by reminder waits before it checks on a run that should have moved on.</summary>
    private TimeSpan StandBy => durability.Value.ResumeInterval;

    private int PathSteps => options.Value.RunPathSteps;

    private string _storeId = "";
    private string _runId = "";
    private WorkflowDefinition? _definition;
    private WorkflowExecutor? _executor;

    /// <summary>The resume reminder as last registered by this activation: removing it needs no look-up.</summary>
    private IGrainReminder? _resume;

    /// <summary>The status the workflow's list of runs last heard from this activation.</summary>
    private RunListStatus? _listed;
    /// <summary>Marks of skipped sends counted in the store's report, to confirm once the step is written.</summary>
    private readonly List<(DateOnly Day, ulong Mark)> _skips = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = RunKey.Parse(this.GetPrimaryKeyString());
        (_storeId, _runId) = (key.StoreId, key.RunId);
        return Task.CompletedTask;
    }

    public async Task StartAsync(RunStart start)
    {
        if (state.State.Start is not null)
        {
            return;
        }

        Begin(start, time.GetUtcNow());

        // Listed side by side with the start's write, so the list costs the answer no time.
        var listing = UpdateListAsync();
        try
        {
            if (await Ledger.AddAsync(this.GetPrimaryKeyString(), start, state.State.StartedAt))
            {
                state.State.InLedger = true;
            }
            else
            {
                // Both durable before the answer, side by side: a reminder whose state write
                // failed finds no run when it fires and removes itself.
                var registering = this.RegisterOrUpdateReminder(ResumeReminder, StandBy, StandBy);
                await Task.WhenAll(registering, state.WriteStateAsync());
                _resume = registering.Result;
            }
        }
        catch
        {
            // Not recorded: a retried start must start afresh, and the list must not show it.
            state.State.Start = null;
            await listing;
            await UnlistAsync();
            throw;
        }

        await listing;

        // The HTTP request ends here; the run goes on as the grain's next message.
        await this.AsReference<IWorkflowRunGrain>().ContinueAsync();
    }

    public async Task<bool> ResumeAsync(RunStart start, DateTimeOffset startedAt)
    {
        var s = state.State;
        if (s.Start is null)
        {
            // Only the ledger knew of the run: its silo died before the run wrote anything.
            Begin(start, startedAt);
            s.InLedger = true;
            await UpdateListAsync();
        }

        if (!s.InLedger)
        {
            return false;
        }

        await ContinueAsync();

        // The state read again: a run that met its contact erased has none left.
        return state.State.InLedger && !IsOver(state.State.Status);
    }

    private static bool IsOver(string status) => status is Completed or Failed or Cancelled;

    public Task<RunView?> GetAsync()
    {
        if (state.State.Start is null)
        {
            // Asked about a run that does not exist: keep no activation for it.
            DeactivateOnIdle();
        }

        return Task.FromResult(View());
    }

    public async Task<RunView?> CancelAsync()
    {
        var s = state.State;
        if (s.Start is null)
        {
            DeactivateOnIdle();
            return null;
        }

        if (IsOver(s.Status))
        {
            // Cancelled before (the same answer again), or over already: nothing changes.
            return View();
        }

        var (status, current, waitingUntil) = (s.Status, s.CurrentNode, s.WaitingUntil);
        var inLedger = s.InLedger;
        s.Status = Cancelled;
        s.CurrentNode = null;
        s.WaitingUntil = null;
        s.CancelledAt = time.GetUtcNow();
        try
        {
            await WriteLeavingLedgerAsync();
        }
        catch
        {
            // Not recorded: the run stands as it did, and a retried cancel writes again.
            (s.Status, s.CurrentNode, s.WaitingUntil, s.CancelledAt) = (status, current, waitingUntil, null);
            throw;
        }

        await UpdateListAsync();
        await ForgetAsync(inLedger);
        return View();
    }

    private RunView? View()
    {
        var s = state.State;
        return s.Start is null ? null : new RunView
        {
            RunId = _runId,
            WorkflowId = s.Start.WorkflowId,
            Version = s.Start.Version,
            ContactId = s.Start.ContactId,
            Status = RunRecords.Parse(s.Status, RunStatus.Running),
            Path = [.. s.Path.Select(RunRecords.View)],
            Steps = s.Steps,
            StartedAt = s.StartedAt,
            WaitingUntil = s.WaitingUntil,
            CompletedAt = s.CompletedAt,
            CancelledAt = s.CancelledAt,
        };
    }

    public async Task ContinueAsync()
    {
        var s = state.State;
        if (s.Start is null || IsOver(s.Status))
        {
            return;
        }

        if (s.WaitingUntil is { } until && until > time.GetUtcNow())
        {
            return;
        }

        if (s.WaitingUntil is not null && s.Start.ParentRunId is { } parent &&
            await GrainFactory.GetNewsletterRun(new RunKey(_storeId, s.Start.WorkflowId, parent)).IsCancelledAsync())
        {
            // A newsletter's contact back from its Wait: the newsletter was cancelled meanwhile.
            await FinishAsync(Cancelled, null);
            return;
        }

        var definition = await DefinitionAsync(s.Start);
        if (definition is null)
        {
            await FinishAsync(Failed, RunRecords.Record("-", NodeType.None, StepOutcome.Failed, $"version {s.Start.Version} of the workflow is gone", time.GetUtcNow()));
            return;
        }

        // The run's last durable moment: what a repeat of the next node after a crash would see too.
        var attemptAt = s.WaitingUntil ?? (s.Path.Count > 0 ? s.Path[^1].At : s.StartedAt);
        s.WaitingUntil = null;
        s.Status = Running;
        s.CurrentNode ??= s.Steps == 0 ? definition.Start : null;
        var nodes = definition.Nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        var taken = 0;
        while (s.CurrentNode is { } nodeId)
        {
            if (taken++ == StepsPerTurn)
            {
                // Written after the last step: the rest is the next message, behind whatever waits.
                await this.AsReference<IWorkflowRunGrain>().ContinueAsync();
                return;
            }

            if (!nodes.TryGetValue(nodeId, out var node))
            {
                await FinishAsync(Failed, RunRecords.Record(nodeId, NodeType.None, StepOutcome.Failed, "no such node in this version", time.GetUtcNow()));
                return;
            }

            // Keys: the newsletter run's own for a handed-over contact, else this run's, per step.
            var key = s.Start.ParentRunId is { } newsletter ? $"{newsletter}:{node.Id}" : $"{_runId}:{s.Steps}";
            var result = await Executor(s.Start).ExecuteAsync(node, s.Start.ContactId, s.Start.EventProperties, key, attemptAt: attemptAt);
            if (result.ContactErased)
            {
                // The contact was erased: so is the run's record of it (its start's event properties, its path).
                await EraseAsync();
                return;
            }

            if (result.Send is { Status: SendStatus.Skipped } && node is SendSmsNode { Recipient: ContactRecipient })
            {
                _skips.Add((ReportRange.DayOf(attemptAt), SmsCounting.SkipMark(s.Start.ContactId, key)));
            }

            var step = RunRecords.Record(node.Id, NodeTypeOf(node), result.Outcome, result.Detail, time.GetUtcNow());
            s.AddStep(step, PathSteps);
            s.CurrentNode = result.Next;
            attemptAt = step.At;
            if (result.Wait is { } wait)
            {
                s.Status = Waiting;
                s.WaitingUntil = time.GetUtcNow() + wait;
                _resume = await this.RegisterOrUpdateReminder(ResumeReminder, wait, wait < StandBy ? StandBy : wait);
                var leavingLedger = s.InLedger;
                await WriteLeavingLedgerAsync();
                await UpdateListAsync();
                if (leavingLedger)
                {
                    await LeaveLedgerAsync();
                }

                return;
            }

            if (s.CurrentNode is not null)
            {
                await state.WriteStateAsync();
                await UpdateListAsync();
                ConfirmSkips();
            }
        }

        await FinishAsync(Completed, null);
    }

    public async Task<bool> EraseContactAsync(string contactId)
    {
        if (state.State.Start?.ContactId != contactId)
        {
            if (state.State.Start is null)
            {
                DeactivateOnIdle();
            }

            return false;
        }

        await EraseAsync();
        return true;
    }

    /// <summary>Clears the run's record, out of the ledger and without its reminder, and out of memory.</summary>
    private async Task EraseAsync()
    {
        var inLedger = state.State.InLedger;
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }

        state.State = new WorkflowRunState();
        await this.UnregisterReminderIfAnyAsync(ResumeReminder);
        _resume = null;
        if (inLedger)
        {
            await LeaveLedgerAsync();
        }

        // Out of its workflow's list too: an erased contact's run is not shown anywhere.
        await RunList.RemoveAsync(_runId);
        LogRunErased(logger, _storeId, _runId);
        DeactivateOnIdle();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ResumeReminder)
        {
            return;
        }

        if (state.State.Start is null || IsOver(state.State.Status))
        {
            await this.UnregisterReminderIfAnyAsync(ResumeReminder);
            return;
        }

        await ContinueAsync();
    }

    private async Task FinishAsync(string status, RunStepRecord? step)
    {
        var s = state.State;
        if (step is not null)
        {
            s.AddStep(step, PathSteps);
            LogRunFailed(logger, _storeId, s.Start!.WorkflowId, _runId, step.Detail);
        }

        s.Status = status;
        s.CurrentNode = null;
        s.WaitingUntil = null;
        if (status == Cancelled)
        {
            s.CancelledAt = time.GetUtcNow();
        }
        else
        {
            s.CompletedAt = time.GetUtcNow();
        }

        var inLedger = s.InLedger;
        await WriteLeavingLedgerAsync();
        await UpdateListAsync();
        await ForgetAsync(inLedger);
    }

    private IWorkflowRunsGrain RunList => GrainFactory.GetWorkflowRuns(RunKey.Parse(this.GetPrimaryKeyString()).Workflow);

    /// <summary>
    /// Tells the workflow's list of runs where the run stands, when that changed since it last
    /// did. The list is a view of the run: a failure is logged, and the next change tells it again.
    /// </summary>
    private async Task UpdateListAsync()
    {
        if (View() is not { } view || state.State.Start!.ParentRunId is not null)
        {
            return;
        }

        var entry = RunEntry.Of(view);
        if (entry.Status == _listed)
        {
            return;
        }

        _listed = entry.Status;
        try
        {
            await RunList.RecordAsync(entry);
        }
        catch (Exception e)
        {
            _listed = null;
            LogNotListed(logger, e, _storeId, _runId);
        }
    }

    private async Task UnlistAsync()
    {
        _listed = null;
        try
        {
            await RunList.RemoveAsync(_runId);
        }
        catch (Exception e)
        {
            LogNotListed(logger, e, _storeId, _runId);
        }
    }

    /// <summary>Over and written: out of the ledger, or without its reminder, and out of memory.</summary>
    private async Task ForgetAsync(bool inLedger)
    {
        if (inLedger)
        {
            await LeaveLedgerAsync();
        }
        else
        {
            await RemoveResumeReminderAsync();
        }

        // Nothing left to do in memory. Kept until idle collection, every run of an event stream
        // would pile up for minutes, and the garbage collector would copy them.
        DeactivateOnIdle();
    }

    /// <summary>Writes the state as no longer the ledger's; still the ledger's in memory if the write fails, so its tick comes back.</summary>
    private async Task WriteLeavingLedgerAsync()
    {
        var inLedger = state.State.InLedger;
        state.State.InLedger = false;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.InLedger = inLedger;
            throw;
        }

        ConfirmSkips();
    }

    /// <summary>The steps holding the skips are written: a repeat of their nodes can no longer come.</summary>
    private void ConfirmSkips()
    {
        foreach (var day in _skips.GroupBy(s => s.Day))
        {
            SmsCountOutbox.Confirm(GrainFactory, _storeId, day.Key, [.. day.Select(s => s.Mark)]);
        }

        _skips.Clear();
    }

    private void Begin(RunStart start, DateTimeOffset startedAt)
    {
        var s = state.State;
        s.Start = start;
        s.CurrentNode = start.StartNodeId;
        s.Status = Running;
        s.StartedAt = startedAt;
    }

    private IRunLedgerGrain Ledger => GrainFactory.GetRunLedger(_storeId, RunLedger.PartitionOf(this.GetPrimaryKeyString()));

    private async Task LeaveLedgerAsync()
    {
        try
        {
            await Ledger.RemoveAsync(this.GetPrimaryKeyString());
        }
        catch (Exception e)
        {
            // Harmless: the ledger asks the run at its next tick, hears that it is over, and forgets it.
            LogLeaveLedgerFailed(logger, e, _storeId, _runId);
        }
    }

    private async Task RemoveResumeReminderAsync()
    {
        if (_resume is { } known)
        {
            _resume = null;
            try
            {
                await this.UnregisterReminder(known);
                return;
            }
            catch (ReminderException)
            {
                // Changed or gone since this activation registered it: look it up instead.
            }
        }

        await this.UnregisterReminderIfAnyAsync(ResumeReminder);
    }

    private async Task<WorkflowDefinition?> DefinitionAsync(RunStart start)
    {
        if (_definition is null)
        {
            _definition = await versions.GetAsync(new WorkflowKey(_storeId, start.WorkflowId), start.Version);
        }

        return _definition;
    }

    private WorkflowExecutor Executor(RunStart start) => _executor ??= new WorkflowExecutor(GrainFactory, time, _storeId, start.WorkflowId);

    internal static NodeType NodeTypeOf(WorkflowNode node) => node switch
    {
        SendSmsNode => NodeType.SendSms,
        WaitNode => NodeType.Wait,
        SmsReceivedNode => NodeType.SmsReceived,
        UpdateContactNode => NodeType.UpdateContact,
        _ => NodeType.None,
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Run {StoreId}/{RunId} could not tell the run ledger it is over; the ledger's next tick finds out")]
    private static partial void LogLeaveLedgerFailed(ILogger logger, Exception exception, string storeId, string runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {StoreId}/{RunId} was erased with its contact")]
    private static partial void LogRunErased(ILogger logger, string storeId, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {StoreId}/{RunId} could not tell its workflow's list of runs where it stands; its next change tells it again")]
    private static partial void LogNotListed(ILogger logger, Exception exception, string storeId, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {StoreId}/{WorkflowId}/{RunId} failed: {Reason}")]
    private static partial void LogRunFailed(ILogger logger, string storeId, string workflowId, string runId, string? reason);
}
