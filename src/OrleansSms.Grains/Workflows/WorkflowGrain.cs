using OrleansSms.Abstractions.Audit;
using OrleansSms.Abstractions.Contents;
using OrleansSms.Abstractions.Newsletters;
using OrleansSms.Abstractions.Workflows;
using OrleansSms.Domain.Contacts;
using OrleansSms.Domain.Sending;
using OrleansSms.Domain.Workflows;

namespace OrleansSms.Grains.Workflows;

/// <inheritdoc cref="IWorkflowGrain"/>
/// <remarks>
/// Listed in the store's workflow directory before its first version is written (a workflow saved
/// before the directory existed lists itself when it is next activated). Each save, activation
/// and deactivation is recorded in the store's audit trail before it is answered.
/// </remarks>
internal sealed partial class WorkflowGrain(
    [PersistentState("workflow", StorageNames.Sms)] IPersistentState<WorkflowState> state,
    TimeProvider time,
    Microsoft.Extensions.Options.IOptions<WorkflowOptions> options,
    ILogger<WorkflowGrain> logger) : Grain, IWorkflowGrain
{
    private WorkflowKey _key;

    /// <summary>
    /// The current version, parsed once per activation (a newsletter start reads its trigger).
    /// Not through <see cref="WorkflowVersionCache"/>: a miss there asks this grain for the
    /// version, which from inside one of its own calls would wait on itself.
    /// </summary>
    private WorkflowDefinition? _current;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = WorkflowKey.Parse(this.GetPrimaryKeyString());
        if (state.State.Versions.Count > 0 && !state.State.Listed)
        {
            // Written as listed with the next write; until then each activation asks again (no write there).
            try
            {
                await GrainFactory.GetWorkflowDirectory(_key.StoreId).AddAsync(_key.WorkflowId);
            }
            catch (Exception e)
            {
                LogNotListed(logger, e, _key.StoreId, _key.WorkflowId);
            }
        }
    }

    public Task<WorkflowInfo?> GetAsync() => Task.FromResult(state.State.Exists ? Info() : null);

    public Task<WorkflowSummary?> GetSummaryAsync() => Task.FromResult(!state.State.Exists ? null : new WorkflowSummary
    {
        WorkflowId = _key.WorkflowId,
        Name = state.State.Name ?? Current()?.Name ?? "",
        Version = state.State.Versions.Count,
        Active = state.State.Active,
        TriggerType = WorkflowState.ParseTrigger(state.State.TriggerType),
        EventType = state.State.EventType,
        UpdatedAt = state.State.UpdatedAt,
    });

    public async Task<RunPage?> ListRunsAsync(RunListQuery query) =>
        !state.State.Exists ? null : await GrainFactory.GetWorkflowRuns(_key).ListAsync(query);

    public async Task<WorkflowSaveResult> SaveAsync(string definitionJson)
    {
        var limits = options.Value.Limits;
        var parsed = WorkflowParser.Parse(definitionJson, limits);
        var problems = parsed.Problems.ToList();
        if (parsed.Definition is { } checkedDefinition)
        {
            problems.AddRange(WorkflowValidator.Validate(checkedDefinition, await CatalogAsync(checkedDefinition), limits));
        }

        if (problems.Count > 0 || parsed.Definition is not { } definition)
        {
            return new WorkflowSaveResult { Problems = [.. problems.Select(p => new WorkflowProblemView(p.Path, p.Message))] };
        }

        if (!state.State.Listed)
        {
            await GrainFactory.GetWorkflowDirectory(_key.StoreId).AddAsync(_key.WorkflowId);
        }

        var (triggerType, eventType) = Trigger(definition);
        var previousEventType = state.State.EventType;
        if (state.State.Deleted)
        {
            // A new workflow under a deleted id: inactive, on the next version number.
            state.State.Deleted = false;
            state.State.Active = false;
            previousEventType = null;
        }

        state.State.Versions.Add(definitionJson);
        state.State.TriggerType = WorkflowState.TriggerName(triggerType);
        state.State.EventType = eventType;
        state.State.Name = definition.Name;
        state.State.Listed = true;
        state.State.UpdatedAt = time.GetUtcNow();
        await state.WriteStateAsync();
        _current = definition;
        if (previousEventType is not null && previousEventType != eventType)
        {
            await Registry().SetListenerAsync(_key.WorkflowId, previousEventType, 0, active: false);
        }

        await PublishAsync();
        await AuditAsync(new AuditRecord { Action = AuditAction.WorkflowSaved, Target = AuditTargets.Workflow(_key.WorkflowId), Version = state.State.Versions.Count });
        return new WorkflowSaveResult { Saved = Info() };
    }

    public Task<string?> GetVersionAsync(int version) =>
        Task.FromResult(version >= 1 && version <= state.State.Versions.Count ? state.State.Versions[version - 1] : null);

    public async Task<WorkflowActivation> SetActiveAsync(bool active)
    {
        if (!state.State.Exists)
        {
            return new WorkflowActivation();
        }

        await WriteActiveAsync(active);
        var missing = await PublishAsync();
        if (active && missing.Length > 0)
        {
            // A content the version names was deleted since it was saved: not activated after all.
            await WriteActiveAsync(false);
            await PublishAsync();
            return new WorkflowActivation { Workflow = Info(), MissingContents = missing };
        }

        await AuditAsync(new AuditRecord
        {
            Action = active ? AuditAction.WorkflowActivated : AuditAction.WorkflowDeactivated,
            Target = AuditTargets.Workflow(_key.WorkflowId),
            Version = state.State.Versions.Count,
        });
        return new WorkflowActivation { Workflow = Info() };
    }

    private async Task WriteActiveAsync(bool active)
    {
        if (state.State.Active != active)
        {
            state.State.Active = active;
            state.State.UpdatedAt = time.GetUtcNow();
            await state.WriteStateAsync();
        }
    }

    public async Task<WorkflowDeletion> DeleteAsync()
    {
        if (!state.State.Exists)
        {
            return WorkflowDeletion.Absent;
        }

        if (state.State.Active)
        {
            return WorkflowDeletion.Active;
        }

        state.State.Deleted = true;
        state.State.Listed = false;
        state.State.UpdatedAt = time.GetUtcNow();
        await state.WriteStateAsync();

        // Inactive already, so the registry holds nothing of it; told all the same (a publish that failed before).
        await PublishAsync();
        await GrainFactory.GetWorkflowDirectory(_key.StoreId).RemoveAsync(_key.WorkflowId);
        await GrainFactory.GetWorkflowRuns(_key).ClearAsync();
        await GrainFactory.RecordWorkflowDeletedAsync(_key.StoreId, _key.WorkflowId);
        return WorkflowDeletion.Deleted;
    }

    private Task AuditAsync(AuditRecord record) => GrainFactory.GetStoreAudit(_key.StoreId).RecordAsync(record);

    public async Task<RunStartResult> StartRunAsync(string? contactId, string? runId)
    {
        if (!state.State.Exists)
        {
            return new RunStartResult { Refusal = RunStartRefusal.NoWorkflow };
        }

        var version = state.State.Versions.Count;
        var triggerType = WorkflowState.ParseTrigger(state.State.TriggerType);
        var key = new RunKey(_key.StoreId, _key.WorkflowId, runId ?? Guid.NewGuid().ToString("N"));
        if (contactId is not null)
        {
            await GrainFactory.GetWorkflowRun(key).StartAsync(new RunStart { WorkflowId = _key.WorkflowId, Version = version, ContactId = contactId });
            return new RunStartResult { RunId = key.RunId, TriggerType = triggerType };
        }

        if (triggerType != TriggerType.Newsletter)
        {
            return new RunStartResult { Refusal = RunStartRefusal.ContactRequired, TriggerType = triggerType };
        }

        // Recorded before the run starts, so a look-up never has to guess which grain holds it.
        if (state.State.NewsletterRuns.Add(key.RunId))
        {
            await state.WriteStateAsync();
        }

        var trigger = Current()?.Trigger as NewsletterTrigger;
        DateTimeOffset? startAt = trigger?.At is { } at && at > time.GetUtcNow() ? at : null;
        await GrainFactory.GetNewsletterRun(key).StartAsync(_key.WorkflowId, version, startAt);
        return new RunStartResult { RunId = key.RunId, TriggerType = triggerType };
    }

    public async Task<RunLookup> GetRunAsync(string runId)
    {
        var key = new RunKey(_key.StoreId, _key.WorkflowId, runId);
        return state.State.NewsletterRuns.Contains(runId)
            ? new RunLookup { Newsletter = await GrainFactory.GetNewsletterRun(key).GetAsync() }
            : new RunLookup { Run = await GrainFactory.GetWorkflowRun(key).GetAsync() };
    }

    public async Task<RunLookup> CancelRunAsync(string runId)
    {
        var key = new RunKey(_key.StoreId, _key.WorkflowId, runId);
        return state.State.NewsletterRuns.Contains(runId)
            ? new RunLookup { Newsletter = await GrainFactory.GetNewsletterRun(key).CancelAsync() }
            : new RunLookup { Run = await GrainFactory.GetWorkflowRun(key).CancelAsync() };
    }

    private WorkflowDefinition? Current() =>
        _current ??= state.State.Versions.Count == 0 ? null : WorkflowParser.Parse(state.State.Versions[^1]).Definition;

    private static (TriggerType Type, string? EventType) Trigger(WorkflowDefinition definition) => definition.Trigger switch
    {
        EventTrigger e => (TriggerType.Event, e.EventType),
        NewsletterTrigger => (TriggerType.Newsletter, null),
        _ => (TriggerType.Manual, null),
    };

    /// <summary>The SMS contents a definition names, read at once so validation itself is synchronous.</summary>
    private async Task<IWorkflowCatalog> CatalogAsync(WorkflowDefinition definition)
    {
        var smsIds = definition.Nodes.Select(n => n switch
        {
            SendSmsNode send => send.SmsId,
            SmsReceivedNode received => received.SmsId,
            _ => null,
        }).OfType<string>().Where(ContactIds.IsValidStoreId).Distinct(StringComparer.Ordinal).ToList();
        var contents = await Task.WhenAll(smsIds.Select(id => GrainFactory.GetSmsContent(_key.StoreId, id).GetAsync()));
        return new DictionaryWorkflowCatalog(contents.OfType<SmsContent>().Select(c => KeyValuePair.Create(c.SmsId, c.Text)));
    }

    private IStoreWorkflowsGrain Registry() => GrainFactory.GetStoreWorkflows(_key.StoreId);

    /// <summary>
    /// Tells the store's registry how the workflow stands: which event it listens to, at which
    /// version, and, while active, the SMS contents that version names. Answers those contents
    /// that do not exist.
    /// </summary>
    private Task<string[]> PublishAsync() => Registry().PublishWorkflowAsync(new WorkflowRegistration
    {
        WorkflowId = _key.WorkflowId,
        EventType = state.State.EventType,
        Version = state.State.Versions.Count,
        Active = state.State.Active && !state.State.Deleted,
        SmsIds = state.State.Active && Current() is { } current ? SmsIdsOf(current) : [],
    });

    /// <summary>The SMS contents a definition names (Send SMS and SMS Received nodes), distinct, sorted.</summary>
    private static string[] SmsIdsOf(WorkflowDefinition definition) => definition.Nodes
        .Select(n => n switch
        {
            SendSmsNode send => send.SmsId,
            SmsReceivedNode received => received.SmsId,
            _ => null,
        })
        .OfType<string>()
        .Distinct(StringComparer.Ordinal)
        .Order(StringComparer.Ordinal)
        .ToArray();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {StoreId}/{WorkflowId} could not be listed in its store's directory; its next activation tries again")]
    private static partial void LogNotListed(ILogger logger, Exception exception, string storeId, string workflowId);

    private WorkflowInfo Info() => new()
    {
        WorkflowId = _key.WorkflowId,
        Version = state.State.Versions.Count,
        Active = state.State.Active,
        DefinitionJson = state.State.Versions[^1],
        TriggerType = WorkflowState.ParseTrigger(state.State.TriggerType),
        EventType = state.State.EventType,
        UpdatedAt = state.State.UpdatedAt,
    };
}
