using OrleansSms.Abstractions.Alerts;
using OrleansSms.Abstractions.Messaging;
using OrleansSms.Domain.Messages;
using OrleansSms.Domain.Sending;
using OrleansSms.Grains.Messaging;

namespace OrleansSms.Grains.Alerts;

/// <inheritdoc cref="IStoreAlertsGrain"/>
internal sealed class StoreAlertsGrain(
    [PersistentState("alerts", StorageNames.Sms)] IPersistentState<StoreAlertsState> state,
    TimeProvider time,
    Microsoft.Extensions.Options.IOptions<DurabilityOptions> durability) : Grain, IStoreAlertsGrain, IRemindable
{
    /// <summary>Alerts kept per store: operations people read them, a day's worth is plenty.</summary>
    public const int HistoryCapacity = 500;

    private const string ResendReminder = "resend-pending";

    private readonly CoalescingStateWriter<StoreAlertsState> _writer = new(state);
    private MessageDispatcher _messages = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _messages = new MessageDispatcher(
            this.GetPrimaryKeyString(),
            new MessageLog(state.State.Messages, HistoryCapacity),
            _writer.WriteAsync,
            _writer.WriteAsync, // alerts are few: each outcome written at once
            _writer.WhenIdleAsync,
            ScheduleResendAsync,
            GrainFactory,
            time);
        if (_messages.Log.Unsettled().Any())
        {
            await ScheduleResendAsync();
        }
    }

    public async Task<SendSmsResult> SendAlertAsync(SendAlertCommand command)
    {
        if (_messages.Log.FindByKey(command.IdempotencyKey) is { } earlier)
        {
            return await _messages.ReplayAsync(earlier);
        }

        var draft = new MessageDraft(
            command.IdempotencyKey, SmsKind.Transactional, command.SmsId, command.WorkflowId,
            command.To, command.SenderName, command.Text, command.Variables);
        return await _messages.SendAsync(draft, ClientIds.ForAlert);
    }

    public async Task<ReportOutcome> ApplyDeliveryReportAsync(long alertNumber, DeliveryReport report)
    {
        // Reports interleave with sends: change nothing while a write of the state is in flight.
        await _writer.WhenIdleAsync();
        var record = _messages.Log.FindByNumber(alertNumber);
        if (record is null || record.ClientId != report.ClientId)
        {
            return ReportOutcome.Ignored;
        }

        // No contact behind an alert: bounces and STOPs are recorded on the message only.
        var effects = MessageLog.ApplyReport(record, report, time.GetUtcNow());
        if (effects.Outcome == ReportOutcome.Applied)
        {
            await _writer.WriteAsync();
        }

        return effects.Outcome;
    }

    public Task<SmsHistoryEntry[]> GetHistoryAsync() => Task.FromResult(_messages.Log.History());

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ResendReminder)
        {
            return;
        }

        await _messages.ResendUnsettledAsync();
        if (!_messages.Log.Unsettled().Any())
        {
            await this.UnregisterReminderIfAnyAsync(ResendReminder);
        }
    }

    private Task ScheduleResendAsync() =>
        this.RegisterOrUpdateReminder(ResendReminder, durability.Value.ResendInterval, durability.Value.ResendInterval);
}
