using Orleans.Storage;
using OrleansSms.Abstractions.Callbacks;
using OrleansSms.Abstractions.Channel;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Abstractions.Newsletters;
using OrleansSms.Abstractions.Sending;
using OrleansSms.Abstractions.Workflows;
using OrleansSms.Domain.Contacts;
using OrleansSms.Domain.Sending;
using OrleansSms.Grains.Reports;
using OrleansSms.Grains.Sending;
using OrleansSms.Grains.Webhooks;

namespace OrleansSms.Grains.Contacts;

/// <inheritdoc cref="IContactGrain"/>
internal sealed partial class ContactGrain(
    [PersistentState(ContactGrain.StateName, StorageNames.Sms)] IPersistentState<ContactState> state,
    TimeProvider time,
    Microsoft.Extensions.Options.IOptions<DurabilityOptions> durability,
    ILogger<ContactGrain> logger) : Grain, IContactGrain, IRemindable, IMessageOwner
{
    /// <summary>
    /// Messages kept per contact: enough for "SMS Received" conditions and a person reading the
    /// history, small enough that a million contacts' state stays small (records drop their
    /// text once the provider has the message).
    /// </summary>
    public const int HistoryCapacity = 50;

    /// <summary>The name of the contact's record in the grain storage (also written by <see cref="NewContactWriter"/>).</summary>
    internal const string StateName = "contact";

    private const string ResendReminder = "resend-pending";

    /// <summary>How long an activation trusts the channel settings it read (soft-bounce limit, keywords, segment limit): a changed setting applies within it.</summary>
    private static readonly TimeSpan ChannelRulesLifetime = TimeSpan.FromMinutes(1);

    /// <summary>How soon counts owed to the store's report are told again after the counters could not take them.</summary>
    private static readonly TimeSpan CountRetryInterval = TimeSpan.FromSeconds(10);

    private CoalescingStateWriter<ContactState> _writer = null!;
    private MessageDispatcher _messages = null!;
    private ContactEventOutbox _outbox = null!;
    private SmsCountOutbox _counts = null!;
    private IGrainTimer? _pendingWrite;
    private IGrainTimer? _countRetry;
    private bool _unwritten;

    /// <summary>Something other than an import or a bulk run wanted this contact since it was activated.</summary>
    private bool _inUse;

    /// <summary>Woken by an import or a bulk run only: deactivate once nothing is left to write.</summary>
    private bool _leaving;

    /// <summary>An erasure is clearing the record: the reports that interleave with it change nothing.</summary>
    private bool _erasing;

    private string _storeId = "";
    private string _contactId = "";
    private ContactSnapshot? _snapshot;

    /// <summary>The contact's index partition, which holds its directory entry.</summary>
    private IContactIndexGrain _index = null!;

    /// <summary>The directory entry of the state as last written (or read), at its revision.</summary>
    private ContactDirectoryEntry? _entry;

    /// <summary>The newest revision this activation knows the directory holds (0: none known).</summary>
    private uint _publishedRevision;

    /// <summary>A write of this activation changed the entry and the directory has not taken it yet.</summary>
    private bool _unpublished;
    private int _softBounceLimit;
    private int _maxSegments;
    private SubscriptionKeywords _keywords = SubscriptionKeywords.Default;
    private DateTimeOffset? _channelRulesReadAt;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_storeId, _contactId) = ContactKeys.Parse(this.GetPrimaryKeyString());

        // Every write carries whatever was waiting for WriteSoonAsync, its directory entry's
        // revision and the notes of counts made; once it lands, the counters may forget those
        // counts' marks.
        _counts = new SmsCountOutbox(GrainFactory, _storeId, _contactId);
        _writer = new CoalescingStateWriter<ContactState>(
            state,
            beforeWrite: () =>
            {
                BeforeWrite();
                _counts.BeforeWrite();
            },
            afterWrite: _counts.AfterWrite);
        _index = GrainFactory.GetContactIndex(_storeId, ContactIndex.PartitionOf(_contactId));
        ReadDirectoryEntry();
        _outbox = new ContactEventOutbox(this, state, GrainFactory, _storeId, _contactId, ServiceProvider, time, durability.Value.ResendInterval, WriteSoonAsync, _writer.WriteAsync, _writer.WhenIdleAsync, logger);
        _messages = MessageDispatcher.For(this, GrainFactory, time, ServiceProvider, _outbox);
        if (state.State.Messages.HasUnsettled())
        {
            // A send was recorded but never settled (the silo died mid-call): see it through.
            await ScheduleResendAsync();
        }

        if (_counts.DueOf(state.State).Count > 0)
        {
            // A step recorded but not counted (the counters could not take it, or the silo died in between).
            ScheduleCountRetry(TimeSpan.FromSeconds(1));
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await _outbox.DeactivateAsync(reason);
        if (_unwritten && !Erased)
        {
            try
            {
                await _writer.WriteAsync();
            }
            catch (Exception e)
            {
                // Still pending in storage: the next activation resends it, and Instasent refuses the duplicate.
                LogDeferredWriteFailed(logger, e, _storeId, _contactId);
            }
        }

        _messages.LeaveBacklog();
    }

    public Task<ContactSnapshot?> GetAsync()
    {
        LeaveIfAbsent();
        return Task.FromResult(state.State.Exists ? _snapshot ??= Snapshot() : null);
    }

    public Task<ContactWriteResult> UpdateAsync(ContactUpdate update)
    {
        _inUse = true;
        return WriteAsync(update, indexed: false);
    }

    public async Task<bool> UpdateFromWorkflowAsync(ContactUpdate update)
    {
        if (Erased)
        {
            // A run that started before the erasure (or for the erased id) never brings it back.
            LeaveIfAbsent();
            return false;
        }

        _inUse = true;
        await WriteAsync(update, indexed: false);
        return true;
    }

    /// <summary>
    /// The contact's record was cleared by an erasure: storage keeps the record, empty (no
    /// payload, only its ETag, as the ADO.NET providers and the memory storage clear), so a later
    /// activation tells an erased contact from an id never used. Written again, it is a contact
    /// again.
    /// </summary>
    private bool Erased => !state.RecordExists && state.Etag is not null;

    public Task<bool> WasErasedAsync()
    {
        LeaveIfAbsent();
        return Task.FromResult(Erased);
    }

    public async Task<ContactErased> EraseAsync()
    {
        if (!state.RecordExists)
        {
            // Never created, or erased before (then an erasure cut short may have left its index
            // entry, or the index lists an id whose first write failed): nothing of it is stored.
            await _index.RemoveAsync(_contactId);
            DeactivateOnIdle();
            return new ContactErased();
        }

        // From here the reports that interleave are ignored; those already applying finish their write first.
        _erasing = true;
        await _writer.WhenIdleAsync();
        var erased = Targets();
        _pendingWrite?.Dispose();
        _pendingWrite = null;
        _unwritten = false;
        try
        {
            await state.ClearStateAsync();
        }
        finally
        {
            _erasing = false;
        }

        state.State = new ContactState();
        _snapshot = null;
        _inUse = false;

        // A send still unsettled is never resent: its reminder goes (and one that fires finds no message).
        await this.UnregisterReminderIfAnyAsync(ResendReminder);

        // Removed after the record is cleared: the index never misses a contact that exists.
        await _index.RemoveAsync(_contactId);
        LogErased(logger, _storeId, _contactId);
        DeactivateOnIdle();
        return erased;
    }

    public Task<ContactErased> GetErasureTargetsAsync()
    {
        LeaveIfAbsent();
        return Task.FromResult(Targets());
    }

    /// <summary>What the contact's record names that an erasure must reach besides the record.</summary>
    private ContactErased Targets()
    {
        var s = state.State;
        return new ContactErased
        {
            Existed = s.Exists,
            Runs = RunsNamedBy(s.Messages),
            ReplyEventIds = s.Inbound?.Records.Select(r => InboundLog.EventIdOf(r.ProviderId)).Distinct(StringComparer.Ordinal).ToArray() ?? [],
        };
    }

    /// <summary>
    /// The workflow runs <paramref name="log"/> names, <c>{workflowId}/{runId}</c>: a run's send
    /// is keyed <c>{runId}:{step}</c>; a newsletter's own send names its run, whose contact handed
    /// to a Wait goes on as run <c>{newsletterRunId}.{contactId}</c> (its sends keyed by the
    /// newsletter's run id). Candidates only: each run checks that it is this contact's.
    /// </summary>
    private string[] RunsNamedBy(MessageLog log)
    {
        var runs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in log.Records)
        {
            if (record.WorkflowId is not { } workflowId)
            {
                continue;
            }

            if (record.Newsletter is { } place)
            {
                runs.Add($"{workflowId}/{place.RunId}.{_contactId}");
                continue;
            }

            var colon = record.IdempotencyKey.LastIndexOf(':');
            if (colon > 0)
            {
                var runId = record.IdempotencyKey[..colon];
                runs.Add($"{workflowId}/{runId}");
                runs.Add($"{workflowId}/{runId}.{_contactId}");
            }
        }

        return [.. runs];
    }


    public async Task<ContactWriteResult> ImportAsync(ContactUpdate update)
    {
        var result = await WriteAsync(update, indexed: true);
        if (!_inUse)
        {
            // An import wakes every contact of the file once: like a newsletter's, a contact it
            // woke goes once its write has landed, or a large import would fill the silo's memory.
            LeaveWhenWritten();
        }

        return result;
    }

    public async Task<SendSmsResult> SendSmsAsync(SendSmsCommand command)
    {
        _inUse = true;
        var result = await SendCoreAsync(command);
        LeaveIfAbsent();
        return result;
    }

    public async Task<SendSmsResult> SendBulkAsync(SendSmsCommand command)
    {
        var result = await SendCoreAsync(command);
        if (!_inUse)
        {
            // A newsletter wakes every contact of a store once: kept, they would fill the silo's
            // memory. A contact it woke goes as soon as nothing is left to write: at once, or
            // after the write that records Instasent's acceptance (usually with the delivery
            // report). A report or the next event wakes it again from storage.
            LeaveWhenWritten();
        }

        LeaveIfAbsent();
        return result;
    }

    /// <param name="indexed">The caller has already added the contact to its index partition.</param>
    private async Task<ContactWriteResult> WriteAsync(ContactUpdate update, bool indexed)
    {
        var erased = Erased;
        if (!state.State.Exists && (!indexed || erased))
        {
            // Indexed before it exists: a newsletter may meet an id whose write then failed
            // (it finds no contact and skips it), but never misses a contact that exists. An
            // erased id is indexed again whoever creates it: its erasure may have removed it from
            // the index after an import had listed it.
            await _index.AddAsync(_contactId);
        }

        // Delivery reports interleave: change nothing while a write of the state is in flight.
        await _writer.WhenIdleAsync();
        var now = time.GetUtcNow();
        var created = state.State.Apply(update, now);
        if (created && erased)
        {
            // A new contact under an erased id: its clientIds must not repeat the erased one's.
            state.State.Messages.LastNumber = MessageLog.FirstNumberAfterErasure(now);
        }

        _snapshot = null;
        try
        {
            await _writer.WriteAsync();
        }
        catch (InconsistentStateException) when (created)
        {
            // An import created this contact in storage after this activation read it (see
            // NewContactWriter): take what the import wrote and merge this write on top.
            LogCreatedMeanwhile(logger, _storeId, _contactId);
            await state.ReadStateAsync();
            ReadDirectoryEntry();
            created = state.State.Apply(update, now);
            await _writer.WriteAsync();
        }

        // Answered once the directory has the entry; an entry that may be missing from an
        // earlier write (see ContactState.DirectoryPending) goes with this one.
        await PublishAsync(heal: true);

        return new ContactWriteResult(created, _snapshot = Snapshot());
    }

    private async Task<SendSmsResult> SendCoreAsync(SendSmsCommand command)
    {
        if (state.State.Messages.FindByKey(command.IdempotencyKey) is { } earlier)
        {
            return await _messages.ReplayAsync(earlier, command.Fingerprint);
        }

        var s = state.State;
        var decision = s.Exists
            ? SendRule.Evaluate(s.MobilePhone, s.MobilePhoneStatus, s.SmsSubscriptionStatus, command.Kind)
            : SendDecision.Skip(Erased ? SkipReason.Deleted : SkipReason.NoPhone);
        if (!decision.Send)
        {
            Telemetry.SmsInstruments.SendSkipped(command.Kind, decision.Reason);
            _outbox.Skipped(command, decision.Reason!.Value);
            await CountSkipAsync(command, decision.Reason!.Value);
            return new SendSmsResult { Status = SendStatus.Skipped, SkipReason = decision.Reason };
        }

        var draft = new MessageDraft(
            command.IdempotencyKey, command.Kind, command.SmsId, command.WorkflowId,
            s.MobilePhone!, command.SenderName, command.Text, VariableValues(command), command.MaxSegments, command.Newsletter, command.Fingerprint);
        var result = await _messages.SendAsync(draft, number => ClientIds.ForContact(_contactId, number));
        if (result is { Status: SendStatus.Skipped, SkipReason: { } tooLong })
        {
            await CountSkipAsync(command, tooLong);
        }

        return result;
    }

    /// <summary>
    /// Counts a skipped send in the store's report before answering it. A skip records nothing
    /// here, so its caller is the outbox: a failure fails the send call, and the caller's retry
    /// (a run resumed, a shard's batch again, the API's client) counts it, once, by its mark,
    /// which the caller confirms once it has recorded the skip.
    /// </summary>
    private Task CountSkipAsync(SendSmsCommand command, SkipReason reason) =>
        _counts.TellAsync([_counts.Skip(command, reason, time.GetUtcNow())]);

    public async Task<ReportOutcome> ApplyDeliveryReportAsync(long messageNumber, DeliveryReport report)
    {
        if (report.IsInbound)
        {
            return await ReceiveReplyAsync(messageNumber, report);
        }

        // Reports interleave with sends: change nothing while a write of the state is in flight.
        var softBounceLimit = await SoftBounceLimitForAsync(report.Status);
        await _writer.WhenIdleAsync();
        if (_erasing || Erased)
        {
            // About a message of an erased contact: nothing to apply, and nothing of it is kept.
            LeaveIfAbsent();
            return ReportOutcome.Ignored;
        }

        if (!state.State.Exists)
        {
            LeaveIfAbsent();
            return ReportOutcome.Unmatched;
        }

        var record = state.State.Messages.FindByNumber(messageNumber);
        if (record is null || record.ClientId != report.ClientId)
        {
            LeaveIfAbsent();
            return ReportOutcome.Ignored;
        }

        var outcome = await ApplyReportAsync(record, report.ToStatusReport(), softBounceLimit);
        LeaveIfDone();
        return outcome;
    }

    /// <summary>Only a soft bounce needs the store's limit (a delivery, the usual report, reads nothing); read before anything changes, as reports interleave.</summary>
    private async Task<int> SoftBounceLimitForAsync(string? status) =>
        ProviderStatuses.Classify(status ?? "") == ProviderStatusClass.SoftBounce
            ? (await ChannelRulesAsync()).SoftBounceLimit
            : PhoneBounces.DefaultSoftBounceLimit;

    async Task IMessageOwner.ApplyReleasedReportAsync(MessageRecord record, StatusReport report)
    {
        var softBounceLimit = await SoftBounceLimitForAsync(report.Status);
        await _writer.WhenIdleAsync();
        await ApplyReportAsync(record, report, softBounceLimit);
    }

    /// <summary>A report on one of the contact's messages: the message, then the contact's phone status and bounces, durably.</summary>
    private async Task<ReportOutcome> ApplyReportAsync(MessageRecord record, StatusReport report, int softBounceLimit)
    {
        var effects = MessageLog.ApplyReport(record, report, time.GetUtcNow());
        var outcome = effects.ToOutcome();
        if (outcome != ReportOutcome.Applied)
        {
            if (outcome == ReportOutcome.Held && effects.Changed)
            {
                // Kept unapplied beside the message, durably: the answer that names the id may come after a crash.
                await _writer.WriteAsync();
            }
            else if (outcome == ReportOutcome.Unchanged)
            {
                // A repeat may be Instasent retrying a report whose counts did not reach the report or the newsletter.
                await FlushCountsAsync();
                await CountNewsletterDeliveryAsync(record);
            }

            return outcome;
        }

        var s = state.State;
        var phoneBefore = s.MobilePhoneStatus;

        // A report about a number the contact no longer has must not mark the new one.
        var sameNumber = string.Equals(record.To, s.MobilePhone, StringComparison.Ordinal);
        if (sameNumber && (effects.Bounce || effects.SoftBounce || effects.Delivered))
        {
            var after = PhoneBounces.Apply(s.MobilePhoneStatus, s.SoftBounces, effects, softBounceLimit);
            if (after.SoftBounces != s.SoftBounces || after.Status != s.MobilePhoneStatus)
            {
                s.SoftBounces = after.SoftBounces;
                s.MobilePhoneStatus = after.Status;
                Touch();
            }

            if (after.BouncedNow)
            {
                LogBounced(logger, _storeId, _contactId, record.ClientId, s.SoftBounces);
            }
        }

        await _outbox.ReportedAsync(record, effects, phoneBefore);
        await CountDueAsync();
        await _writer.WriteAsync();
        await PublishAsync(heal: false);
        await CountNewsletterDeliveryAsync(record);
        return ReportOutcome.Applied;
    }

    /// <summary>
    /// Tells the newsletter shard's count where <paramref name="record"/> ended, once it has
    /// (delivered or undelivered). The count marks a position, so telling it again counts nothing
    /// twice; a failure reaches Instasent as a non-2xx answer, and its retry tells it again.
    /// </summary>
    private Task CountNewsletterDeliveryAsync(MessageRecord record)
    {
        if (record.Newsletter is not { } place || record.WorkflowId is not { } workflowId ||
            record.Status is not (MessageStatus.Delivered or MessageStatus.Failed))
        {
            return Task.CompletedTask;
        }

        var shard = new ShardKey(new RunKey(_storeId, workflowId, place.RunId), place.Partition);
        return GrainFactory.GetNewsletterDeliveries(shard).CountAsync(place.Position, record.Status == MessageStatus.Delivered);
    }

    /// <summary>
    /// A reply from the contact's phone (a text, or a <c>stop</c>): kept with the contact's
    /// replies, matched against the store's keywords (an opt-out unsubscribes, an opt-in
    /// subscribes), then published as an <c>smsReply</c> event that starts the store's workflows.
    /// A repeat of the report changes nothing; it publishes the event only if the first could not.
    /// </summary>
    private async Task<ReportOutcome> ReceiveReplyAsync(long messageNumber, DeliveryReport report)
    {
        var keywords = (await ChannelRulesAsync()).Keywords;
        await _writer.WhenIdleAsync();
        var s = state.State;
        if (_erasing || Erased)
        {
            // A reply to an erased contact's message: not kept, and it starts no workflow.
            LeaveIfAbsent();
            return ReportOutcome.Ignored;
        }

        if (!s.Exists)
        {
            LeaveIfAbsent();
            return ReportOutcome.Unmatched;
        }

        if (s.Inbound?.Find(report.ProviderId) is { } known)
        {
            if (known.Uncounted)
            {
                await FlushCountsAsync();
            }

            if (!known.Published)
            {
                // The first could not finish (its write or its event failed): both again.
                await _writer.WriteAsync();
                await PublishReplyAsync(known);
            }

            return ReportOutcome.Unchanged;
        }

        var reply = InboundLog.Read(
            new InboundReport(report.ProviderId, report.ClientId, report.Message, report.Status == "stop", report.EventAt), keywords, time.GetUtcNow());
        reply.Uncounted = true;
        (s.Inbound ??= new()).Add(reply);

        // A reply to a message sent to a number the contact no longer has says nothing of the new one.
        var answered = s.Messages.FindByNumber(messageNumber);
        var sameNumber = answered is null || string.Equals(answered.To, s.MobilePhone, StringComparison.Ordinal);
        var subscriptionBefore = s.SmsSubscriptionStatus;
        var subscription = InboundLog.SubscriptionAfter(s.SmsSubscriptionStatus, reply.Action);
        if (sameNumber && subscription != s.SmsSubscriptionStatus)
        {
            s.SmsSubscriptionStatus = subscription;
            reply.OptedOut = subscription == SubscriptionStatus.NotSubscribed;
            Touch();
            LogSubscriptionByReply(logger, _storeId, _contactId, reply.Action, subscription);
        }

        await _outbox.RepliedAsync(reply, subscriptionBefore);
        await CountDueAsync();
        await _writer.WriteAsync();
        await PublishAsync(heal: false);
        Telemetry.SmsInstruments.Reply(reply.Action);
        await PublishReplyAsync(reply);
        return ReportOutcome.Applied;
    }

    /// <summary>Starts the store's <c>smsReply</c> workflows for <paramref name="reply"/>; its run ids come from the reply's id, so a repeat starts nothing new.</summary>
    private async Task PublishReplyAsync(InboundRecord reply)
    {
        await GrainFactory.GetGrain<IStoreWorkflowsGrain>(_storeId).PublishEventAsync(new StorefrontEvent
        {
            Type = StorefrontEvent.SmsReplyType,
            ContactId = _contactId,
            EventId = InboundLog.EventIdOf(reply.ProviderId),
            Properties = new(StringComparer.Ordinal)
            {
                ["text"] = reply.Text ?? "",
                ["keyword"] = reply.Keyword ?? "",
                ["action"] = KeywordActions.ToWire(reply.Action),
            },
        });

        // Not worth a write of its own: a lost flag only makes a repeat of the report publish again, to no effect.
        await _writer.WhenIdleAsync();
        if (_erasing || state.State.Inbound?.Records.Contains(reply) != true)
        {
            // Erased while the event was published: nothing left to mark.
            return;
        }

        reply.Published = true;
        await WriteSoonAsync();
    }

    /// <summary>The store's soft-bounce limit and keywords, read from its channel at most once per <see cref="ChannelRulesLifetime"/>.</summary>
    private async Task<(int SoftBounceLimit, SubscriptionKeywords Keywords, int MaxSegments)> ChannelRulesAsync()
    {
        var now = time.GetUtcNow();
        if (_channelRulesReadAt is not { } readAt || now - readAt >= ChannelRulesLifetime)
        {
            var channel = await GrainFactory.GetStoreChannel(_storeId).GetAsync();
            _softBounceLimit = channel?.SoftBounceLimit ?? PhoneBounces.DefaultSoftBounceLimit;
            _keywords = channel is null ? SubscriptionKeywords.Default : new SubscriptionKeywords(channel.OptOutKeywords, channel.OptInKeywords);
            _maxSegments = channel?.MaxSegments ?? MessageLength.DefaultMaxSegments;
            _channelRulesReadAt = now;
        }

        return (_softBounceLimit, _keywords, _maxSegments);
    }

    /// <summary>The store's segment limit, with the other channel rules.</summary>
    async Task<int> IMessageOwner.MaxSegmentsAsync() => (await ChannelRulesAsync()).MaxSegments;

    public Task<SmsHistoryEntry[]> GetSmsHistoryAsync()
    {
        LeaveIfAbsent();
        return Task.FromResult(state.State.Messages.History(state.State.Inbound));
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (await _outbox.ReceiveReminderAsync(reminderName) || reminderName != ResendReminder)
        {
            return;
        }

        await _messages.ResendUnsettledAsync();
        if (!state.State.Messages.HasUnsettled())
        {
            await this.UnregisterReminderIfAnyAsync(ResendReminder);
        }
    }

    /// <summary>
    /// Before each write of the state: a change of what the directory holds of this contact gets a
    /// new revision, and the state says whether the directory may not have it yet.
    /// </summary>
    private void BeforeWrite()
    {
        _unwritten = false;
        var s = state.State;
        if (!s.Exists)
        {
            return;
        }

        if (_entry is null || s.DirectoryRevision == 0 || !s.IsDescribedBy(_entry))
        {
            s.DirectoryRevision++;
            _entry = s.ToDirectoryEntry(_contactId);
            _unpublished = true;
        }

        s.DirectoryPending = _entry.Revision > _publishedRevision;
    }

    /// <summary>The directory entry of the state as read: known to be in the directory unless it is pending.</summary>
    private void ReadDirectoryEntry()
    {
        var s = state.State;
        _entry = s.Exists ? s.ToDirectoryEntry(_contactId) : null;
        _publishedRevision = s.DirectoryPending ? 0 : s.DirectoryRevision;
        _unpublished = false;
    }

    /// <summary>
    /// Hands the entry of the state just written to the directory, and returns once it is stored
    /// there: when a write of this activation changed it, or, with <paramref name="heal"/> (an API
    /// write, an import's row), when it may be missing from an earlier write.
    /// </summary>
    private async Task PublishAsync(bool heal)
    {
        if (_entry is not { } entry || entry.Revision <= _publishedRevision || !(heal || _unpublished))
        {
            return;
        }

        await _index.UpsertAsync(entry);
        _publishedRevision = Math.Max(_publishedRevision, entry.Revision);
        if (ReferenceEquals(entry, _entry))
        {
            _unpublished = false;
        }
    }

    /// <summary>
    /// Tells the store's counters what the state owes them (see <see cref="SmsCountOutbox"/>) and,
    /// once they hold it durably, notes it counted; the caller's next write carries the note. A
    /// failure leaves it due, in the state too: told again by a timer, or at the next activation.
    /// </summary>
    /// <returns>Whether anything was noted (the state changed).</returns>
    private async Task<bool> CountDueAsync()
    {
        var due = _counts.DueOf(state.State);
        if (due.Count == 0)
        {
            return false;
        }

        try
        {
            await _counts.TellAsync(due.Select(d => d.Count));
        }
        catch (Exception e)
        {
            LogCountDeferred(logger, e, _storeId, _contactId, due.Count);
            ScheduleCountRetry(CountRetryInterval);
            return false;
        }

        // The notes change the state: only while no write of it is in flight.
        await _writer.WhenIdleAsync();
        foreach (var d in due)
        {
            d.MarkCounted();
        }

        _counts.Noted(due);
        return true;
    }

    /// <summary>Counts what is due, if anything, and writes the notes.</summary>
    private async Task FlushCountsAsync()
    {
        if (await CountDueAsync())
        {
            await _writer.WriteAsync();
        }
    }

    private void ScheduleCountRetry(TimeSpan dueTime)
    {
        _countRetry ??= this.RegisterGrainTimer(RetryCountsAsync, new GrainTimerCreationOptions
        {
            DueTime = dueTime,
            Period = CountRetryInterval,
        });
    }

    private async Task RetryCountsAsync(CancellationToken cancellationToken)
    {
        await FlushCountsAsync();
        if (_counts.DueOf(state.State).Count == 0)
        {
            _countRetry?.Dispose();
            _countRetry = null;
        }
    }

    /// <summary>Marks the state changed and writes it within <see cref="DurabilityOptions.AcceptedWriteDelay"/> unless another write takes it first.</summary>
    private Task WriteSoonAsync()
    {
        _unwritten = true;
        _pendingWrite ??= this.RegisterGrainTimer(WritePendingAsync, new GrainTimerCreationOptions
        {
            DueTime = durability.Value.AcceptedWriteDelay,
            Period = Timeout.InfiniteTimeSpan,
        });
        return Task.CompletedTask;
    }

    private async Task WritePendingAsync(CancellationToken cancellationToken)
    {
        _pendingWrite?.Dispose();
        _pendingWrite = null;
        if (_unwritten)
        {
            await _writer.WriteAsync();
        }

        LeaveIfDone();
    }

    /// <summary>
    /// A contact that does not exist keeps no activation: an import may create it straight in
    /// storage (see NewContactWriter), and the next call must read what it wrote, not this
    /// activation's "absent".
    /// </summary>
    private void LeaveIfAbsent()
    {
        if (!state.State.Exists)
        {
            DeactivateOnIdle();
        }
    }

    private void LeaveWhenWritten()
    {
        _leaving = true;
        LeaveIfDone();
    }

    private void LeaveIfDone()
    {
        if (_leaving && !_inUse && !_unwritten)
        {
            DeactivateOnIdle();
        }
    }

    private Task ScheduleResendAsync() =>
        this.RegisterOrUpdateReminder(ResendReminder, durability.Value.ResendInterval, durability.Value.ResendInterval);

    string IMessageOwner.StoreId => _storeId;

    MessageLog IMessageOwner.Log => state.State.Messages;

    int IMessageOwner.HistoryCapacity => HistoryCapacity;

    bool IMessageOwner.CountsMessages => true;

    async Task IMessageOwner.PersistAsync()
    {
        await CountDueAsync();
        await _writer.WriteAsync();
    }

    async Task IMessageOwner.PersistSoonAsync()
    {
        await CountDueAsync();
        await WriteSoonAsync();
    }

    Task IMessageOwner.WhenIdleAsync() => _writer.WhenIdleAsync();

    Task IMessageOwner.ScheduleResendAsync() => ScheduleResendAsync();

    private void Touch()
    {
        state.State.UpdatedAt = time.GetUtcNow();
        _snapshot = null;
    }

    /// <summary>
    /// The one rule for a send's variables: a value the caller resolved (<see cref="SendSmsCommand.Variables"/>);
    /// else the mapped field of this contact, or its fallback when the field is absent or empty
    /// (<see cref="SendSmsCommand.FieldVariables"/>); else the contact's field of the variable's own name.
    /// </summary>
    private Dictionary<string, string> VariableValues(SendSmsCommand command)
    {
        var fields = state.State.Fields;
        var values = new Dictionary<string, string>(command.Variables, StringComparer.Ordinal);
        foreach (var (name, variable) in command.FieldVariables)
        {
            if (!values.ContainsKey(name))
            {
                values[name] = fields.TryGetValue(variable.Field, out var field) && !string.IsNullOrEmpty(field.Value)
                    ? field.Value
                    : variable.Fallback ?? "";
            }
        }

        foreach (var (name, field) in fields)
        {
            values.TryAdd(name, field.Value);
        }

        return values;
    }

    private ContactSnapshot Snapshot() => state.State.ToSnapshot(_contactId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Contact {StoreId}/{ContactId}: the provider's acceptance of a message could not be written at deactivation; it will be resent and recognised")]
    private static partial void LogDeferredWriteFailed(ILogger logger, Exception exception, string storeId, string contactId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Contact {StoreId}/{ContactId}: {Count} counts for the SMS report could not be told to the counters; they stay due and are told again")]
    private static partial void LogCountDeferred(ILogger logger, Exception exception, string storeId, string contactId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Contact {StoreId}/{ContactId} was created by an import while this write was creating it; the write is merged on top")]
    private static partial void LogCreatedMeanwhile(ILogger logger, string storeId, string contactId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Contact {StoreId}/{ContactId} was erased: its record is cleared and it is out of the index")]
    private static partial void LogErased(ILogger logger, string storeId, string contactId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Contact {StoreId}/{ContactId} bounced (message {ClientId}, soft bounces in a row {SoftBounces})")]
    private static partial void LogBounced(ILogger logger, string storeId, string contactId, string clientId, int softBounces);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Contact {StoreId}/{ContactId} replied with an {Action} keyword: now {Subscription}")]
    private static partial void LogSubscriptionByReply(ILogger logger, string storeId, string contactId, KeywordAction action, SubscriptionStatus subscription);
}
