using OrleansSms.Abstractions.Alerts;
using OrleansSms.Abstractions.Callbacks;
using OrleansSms.Abstractions.Channel;
using OrleansSms.Abstractions.Sending;
using OrleansSms.Domain.Sending;
using OrleansSms.Grains.Sending;

namespace OrleansSms.Grains.Alerts;

/// <inheritdoc cref="IStoreAlertsGrain"/>
internal sealed class StoreAlertsGrain(
    [PersistentState("alerts", StorageNames.Sms)] IPersistentState<StoreAlertsState> state,
    TimeProvider time,
    Microsoft.Extensions.Options.IOptions<DurabilityOptions> durability) : Grain, IStoreAlertsGrain, IRemindable, IMessageOwner
{
    /// <summary>Alerts kept per store: operations people read them, a day's worth is plenty.</summary>
    public const int HistoryCapacity = 500;

    private const string ResendReminder = "resend-pending";

    private readonly CoalescingStateWriter<StoreAlertsState> _writer = new(state);
    private MessageDispatcher _messages = null!;
    private string _storeId = "";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _storeId = StoreAlertsKeys.Parse(this.GetPrimaryKeyString());
        _messages = MessageDispatcher.For(this, GrainFactory, time, ServiceProvider);
        if (state.State.Messages.HasUnsettled())
        {
            await ScheduleResendAsync();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _messages.LeaveBacklog();
        return Task.CompletedTask;
    }

    public async Task<SendSmsResult> SendAlertAsync(SendAlertCommand command)
    {
        if (state.State.Messages.FindByKey(command.IdempotencyKey) is { } earlier)
        {
            return await _messages.ReplayAsync(earlier, command.Fingerprint);
        }

        var draft = new MessageDraft(
            command.IdempotencyKey, SmsKind.Transactional, command.SmsId, command.WorkflowId,
            command.To, command.SenderName, command.Text, command.Variables, command.MaxSegments, Fingerprint: command.Fingerprint);
        return await _messages.SendAsync(draft, ClientIds.ForAlert);
    }

    public async Task<ReportOutcome> ApplyDeliveryReportAsync(long alertNumber, DeliveryReport report)
    {
        if (report.IsInbound)
        {
            // A reply to an alert has no contact to unsubscribe or workflow to start: a person reads it among the unmatched.
            return ReportOutcome.Unmatched;
        }

        // Reports interleave with sends: change nothing while a write of the state is in flight.
        await _writer.WhenIdleAsync();
        var record = state.State.Messages.FindByNumber(alertNumber);
        if (record is null || record.ClientId != report.ClientId)
        {
            return ReportOutcome.Ignored;
        }

        return await ApplyReportAsync(record, report.ToStatusReport());
    }

    async Task IMessageOwner.ApplyReleasedReportAsync(MessageRecord record, StatusReport report)
    {
        await _writer.WhenIdleAsync();
        await ApplyReportAsync(record, report);
    }

    /// <summary>No contact behind an alert: a bounce is recorded on the message only.</summary>
    private async Task<ReportOutcome> ApplyReportAsync(MessageRecord record, StatusReport report)
    {
        var effects = MessageLog.ApplyReport(record, report, time.GetUtcNow());
        if (effects.Changed)
        {
            await _writer.WriteAsync();
        }

        return effects.ToOutcome();
    }

    public Task<SmsHistoryEntry[]> GetHistoryAsync() => Task.FromResult(state.State.Messages.History());

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ResendReminder)
        {
            return;
        }

        await _messages.ResendUnsettledAsync();
        if (!state.State.Messages.HasUnsettled())
        {
            await this.UnregisterReminderIfAnyAsync(ResendReminder);
        }
    }

    private Task ScheduleResendAsync() =>
        this.RegisterOrUpdateReminder(ResendReminder, durability.Value.ResendInterval, durability.Value.ResendInterval);

    string IMessageOwner.StoreId => _storeId;

    MessageLog IMessageOwner.Log => state.State.Messages;

    int IMessageOwner.HistoryCapacity => HistoryCapacity;

    /// <summary>Alerts go to a fixed number, not a contact: the store's SMS report does not count them.</summary>
    bool IMessageOwner.CountsMessages => false;

    Task IMessageOwner.PersistAsync() => _writer.WriteAsync();

    // Alerts are few: each outcome is written at once.
    Task IMessageOwner.PersistSoonAsync() => _writer.WriteAsync();

    Task IMessageOwner.WhenIdleAsync() => _writer.WhenIdleAsync();

    Task IMessageOwner.ScheduleResendAsync() => ScheduleResendAsync();

    // Alerts are few: the channel is read for each one of several segments.
    async Task<int> IMessageOwner.MaxSegmentsAsync() =>
        (await GrainFactory.GetStoreChannel(_storeId).GetAsync())?.MaxSegments ?? MessageLength.DefaultMaxSegments;
}
