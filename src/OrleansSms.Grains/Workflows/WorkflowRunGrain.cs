using OrleansSms.Abstractions.Workflows;
using OrleansSms.Domain.Workflows;

namespace OrleansSms.Grains.Workflows;

/// <inheritdoc cref="IWorkflowRunGrain"/>
/// <remarks>
/// Durable from the start: the store's run ledger records the start (many runs share its writes,
/// and its reminder resumes a run whose silo died), or, when the ledger is full, a "resume"
/// reminder of the run's own and a state write do. The state is written after every node, so a
/// crash repeats at most the node in progress, and that node's send carries the same
/// idempotency key (run id + step number): it is not sent twice. A Wait moves the run to a
/// reminder of its own, due when the wait ends, and out of the ledger.
/// </remarks>
internal sealed partial class WorkflowRunGrain(
    [PersistentState("workflowRun", StorageNames.Sms)] IPersistentState<WorkflowRunState> state,
    TimeProvider time,
    Microsoft.Extensions.Options.IOptions<DurabilityOptions> durability,
    WorkflowVersionCache versions,
    ILogger<WorkflowRunGrain> logger) : Grain, IWorkflowRunGrain, IRemindable
{
    // The stored names of RunStatus values (RunRecords parses them back).
    private const string Running = "running";
    private const string Waiting = "waiting";
    private const string Completed = "completed";
    private const string Failed = "failed";

    private const string ResumeReminder = "resume";

    /// <summary>How long the stand-by reminder waits before it checks on a run that should have moved on.</summary>
    private TimeSpan StandBy => durability.Value.ResumeInterval;

    private string _storeId = "";
    private string _runId = "";
    private WorkflowDefinition? _definition;
    private WorkflowExecutor? _executor;

    /// <summary>The resume reminder as last registered by this activation: removing it needs no look-up.</summary>
    private IGrainReminder? _resume;

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
            // Not recorded: a retried start must start afresh.
            state.State.Start = null;
            throw;
        }

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
        }

        if (!s.InLedger)
        {
            return false;
        }

        await ContinueAsync();
        return s.InLedger && s.Status is not (Completed or Failed);
    }

    public Task<RunView?> GetAsync()
    {
        var s = state.State;
        if (s.Start is null)
        {
            // Asked about a run that does not exist: keep no activation for it.
            DeactivateOnIdle();
        }

        return Task.FromResult(s.Start is null ? null : new RunView
        {
            RunId = _runId,
            WorkflowId = s.Start.WorkflowId,
            Version = s.Start.Version,
            ContactId = s.Start.ContactId,
            Status = RunRecords.Parse(s.Status, RunStatus.Running),
            Path = [.. s.Path.Select(RunRecords.View)],
            StartedAt = s.StartedAt,
            WaitingUntil = s.WaitingUntil,
            CompletedAt = s.CompletedAt,
        });
    }

    public async Task ContinueAsync()
    {
        var s = state.State;
        if (s.Start is null || s.Status is Completed or Failed)
        {
            return;
        }

        if (s.WaitingUntil is { } until && until > time.GetUtcNow())
        {
            return;
        }

        var definition = await DefinitionAsync(s.Start);
        if (definition is null)
        {
            await FinishAsync(Failed, RunRecords.Record("-", NodeType.None, StepOutcome.Failed, $"version {s.Start.Version} of the workflow is gone", time.GetUtcNow()));
            return;
        }

        s.WaitingUntil = null;
        s.Status = Running;
        s.CurrentNode ??= s.Path.Count == 0 ? definition.Start : null;
        var nodes = definition.Nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        while (s.CurrentNode is { } nodeId)
        {
            if (!nodes.TryGetValue(nodeId, out var node))
            {
                await FinishAsync(Failed, RunRecords.Record(nodeId, NodeType.None, StepOutcome.Failed, "no such node in this version", time.GetUtcNow()));
                return;
            }

            // Keys: the newsletter run's own for a handed-over contact, else this run's, per step.
            var key = s.Start.ParentRunId is { } parent ? $"{parent}:{node.Id}" : $"{_runId}:{s.Path.Count}";
            var result = await Executor(s.Start).ExecuteAsync(node, s.Start.ContactId, s.Start.EventProperties, key);
            s.Path.Add(RunRecords.Record(node.Id, NodeTypeOf(node), result.Outcome, result.Detail, time.GetUtcNow()));
            s.CurrentNode = result.Next;
            if (result.Wait is { } wait)
            {
                s.Status = Waiting;
                s.WaitingUntil = time.GetUtcNow() + wait;
                _resume = await this.RegisterOrUpdateReminder(ResumeReminder, wait, wait < StandBy ? StandBy : wait);
                var leavingLedger = s.InLedger;
                await WriteLeavingLedgerAsync();
                if (leavingLedger)
                {
                    await LeaveLedgerAsync();
                }

                return;
            }

            if (s.CurrentNode is not null)
            {
                await state.WriteStateAsync();
            }
        }

        await FinishAsync(Completed, null);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ResumeReminder)
        {
            return;
        }

        if (state.State.Start is null || state.State.Status is Completed or Failed)
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
            s.Path.Add(step);
            LogRunFailed(logger, _storeId, s.Start!.WorkflowId, _runId, step.Detail);
        }

        s.Status = status;
        s.CurrentNode = null;
        s.CompletedAt = time.GetUtcNow();
        var inLedger = s.InLedger;
        await WriteLeavingLedgerAsync();
        if (inLedger)
        {
            await LeaveLedgerAsync();
        }
        else
        {
            await RemoveResumeReminderAsync();
        }

        // Over and written: nothing left to do in memory. Kept until idle collection, every run of
        // an event stream would pile up for minutes, and the garbage collector would copy them.
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {StoreId}/{WorkflowId}/{RunId} failed: {Reason}")]
    private static partial void LogRunFailed(ILogger logger, string storeId, string workflowId, string runId, string? reason);
}
