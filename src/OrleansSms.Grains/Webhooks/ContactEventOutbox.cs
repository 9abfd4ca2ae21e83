using OrleansSms.Abstractions.Sending;
using OrleansSms.Abstractions.Webhooks;
using OrleansSms.Domain.Contacts;
using OrleansSms.Domain.Sending;
using OrleansSms.Domain.Webhooks;
using OrleansSms.Grains.Contacts;
using OrleansSms.Grains.Sending;

namespace OrleansSms.Grains.Webhooks;

/// <summary>
/// A contact's webhook events, from its transition to its store's dispatcher (see
/// docs/architecture.md, "Webhooks"). The contact's state is the outbox
/// (<see cref="ContactState.WebhookOutbox"/>): an event is added with its transition and leaves
/// only once the contact's dispatcher (<see cref="IWebhookDispatcherGrain"/>) has stored it.
/// Nothing here waits for a webhook's endpoint, only for the dispatcher's queue.
/// </summary>
/// <remarks>
/// <para>
/// Two ways out. A transition the contact writes at once (a delivery report, a reply, a refusal)
/// hands its events off before that write (<see cref="ReportedAsync"/>, <see cref="RepliedAsync"/>,
/// <see cref="IMessageEvents.SettledAsync"/>): taken, they never reach the contact's storage;
/// not taken, they are written with the transition, and the <see cref="ReminderName"/> reminder,
/// registered first, hands them again. A transition of the send path (Instasent took the
/// message, a skip) must not wait: its events are handed off after the turn, beside the
/// contact's calls, long before the write that carries Instasent's acceptance
/// (<see cref="DurabilityOptions.AcceptedWriteDelay"/>); a hand-off that fails registers the
/// reminder and writes them. What a crash loses of those is the acceptance itself, which the
/// resend finds again with its event.
/// </para>
/// <para>
/// The contact's next activation hands off whatever it finds in its outbox. An event's id comes
/// from its transition, so a hand-off repeated after a lost answer is recognised by the
/// dispatcher, and a delivery repeated after a crash by the receiver.
/// </para>
/// <para>
/// Only events some webhook of the store may take are recorded (<see cref="WebhookSubscriptions"/>):
/// a store without webhooks costs its contacts nothing. Events leave in the order they came, and
/// one hand-off at a time, so the dispatcher queues them in the contact's order.
/// </para>
/// </remarks>
internal sealed partial class ContactEventOutbox : IMessageEvents
{
    public const string ReminderName = "webhook-outbox";

    /// <summary>Events a contact keeps waiting for its dispatcher; past it the oldest goes (a dispatcher away that long is logged).</summary>
    public const int Capacity = 100;

    private readonly Grain _grain;
    private readonly IPersistentState<ContactState> _state;
    private readonly IGrainFactory _grains;
    private readonly string _storeId;
    private readonly string _contactId;
    private readonly WebhookSubscriptions? _subscriptions;
    private readonly TimeProvider _time;
    private readonly TimeSpan _retryInterval;
    private readonly Func<Task> _writeSoon;
    private readonly Func<Task> _writeNow;
    private readonly Func<Task> _whenIdle;
    private readonly ILogger _logger;

    /// <summary>The ETag the state had when each event of this activation was added: an event added after the last write landed was never stored.</summary>
    private readonly Dictionary<string, string?> _addedAt = new(StringComparer.Ordinal);

    private IGrainTimer? _handOff;
    private Task? _handing;
    private IGrainReminder? _reminder;

    /// <param name="grain">The contact (its timer and reminder).</param>
    /// <param name="state">The contact's state, whose outbox this is.</param>
    /// <param name="grains">The grain factory.</param>
    /// <param name="storeId">The contact's store.</param>
    /// <param name="contactId">The contact.</param>
    /// <param name="services">The silo's services: without <see cref="WebhookSubscriptions"/> (a test cluster) no event is recorded.</param>
    /// <param name="time">The contact's clock.</param>
    /// <param name="retryInterval">How often the reminder hands off what is left.</param>
    /// <param name="writeSoon">Marks the contact's state changed, written within its usual delay.</param>
    /// <param name="writeNow">Writes the contact's state now (deactivation).</param>
    /// <param name="whenIdle">Completes when no write of the contact's state is in flight.</param>
    /// <param name="logger">The contact's logger.</param>
    public ContactEventOutbox(
        Grain grain, IPersistentState<ContactState> state, IGrainFactory grains, string storeId, string contactId, IServiceProvider services,
        TimeProvider time, TimeSpan retryInterval, Func<Task> writeSoon, Func<Task> writeNow, Func<Task> whenIdle, ILogger logger)
    {
        (_grain, _state, _grains, _storeId, _contactId) = (grain, state, grains, storeId, contactId);
        _subscriptions = services.GetService(typeof(WebhookSubscriptions)) as WebhookSubscriptions;
        (_time, _retryInterval, _writeSoon, _writeNow, _whenIdle, _logger) = (time, retryInterval, writeSoon, writeNow, whenIdle, logger);
        if (state.State.WebhookOutbox is { Count: > 0 })
        {
            // Left by an activation that ended before its dispatcher answered (or a silo that died).
            ScheduleHandOff();
        }
    }

    /// <summary>A send the send rule kept back (nothing is recorded for it: the event waits in memory unless its hand-off fails).</summary>
    public void Skipped(SendSmsCommand command, SkipReason reason) =>
        Record(WebhookEventType.MessageSkipped, _time.GetUtcNow(), "skip:" + command.IdempotencyKey, new WebhookEventData
        {
            SmsId = command.SmsId,
            WorkflowId = command.WorkflowId,
            Kind = command.Kind,
            Phone = _state.State.MobilePhone,
            SkipReason = reason,
        });

    void IMessageEvents.Skipped(MessageDraft draft, SkipReason reason, string? detail) =>
        Record(WebhookEventType.MessageSkipped, _time.GetUtcNow(), "skip:" + draft.IdempotencyKey, new WebhookEventData
        {
            SmsId = draft.SmsId,
            WorkflowId = draft.WorkflowId,
            Kind = draft.Kind,
            Phone = draft.To,
            SkipReason = reason,
            Reason = detail,
        });

    Task IMessageEvents.SettledAsync(MessageRecord record)
    {
        var type = record.Status == MessageStatus.Refused ? WebhookEventType.MessageUndelivered : WebhookEventType.MessageSent;
        Record(type, record.StatusAt, record.ClientId, MessageData(record));

        // Instasent's acceptance is written later, and must not wait; a refusal is written now.
        return type == WebhookEventType.MessageSent ? Task.CompletedTask : HandOffNowAsync();
    }

    /// <summary>
    /// A delivery report applied to <paramref name="record"/> (<paramref name="effects"/>), the
    /// contact's phone having been <paramref name="phoneBefore"/>: delivered, undelivered, and a
    /// phone it bounced. Completes once they are handed off, or kept recoverably: the contact writes then.
    /// </summary>
    public Task ReportedAsync(MessageRecord record, ReportEffects effects, PhoneStatus phoneBefore)
    {
        if (effects.Delivered)
        {
            Record(WebhookEventType.MessageDelivered, record.DeliveredAt ?? record.StatusAt, record.ClientId, MessageData(record));
        }
        else if (effects.Bounce || effects.SoftBounce)
        {
            Record(WebhookEventType.MessageUndelivered, record.StatusAt, record.ClientId, MessageData(record));
        }

        var s = _state.State;
        if (phoneBefore != PhoneStatus.Bounced && s.MobilePhoneStatus == PhoneStatus.Bounced)
        {
            Record(WebhookEventType.ContactBounced, _time.GetUtcNow(), record.ClientId, new WebhookEventData
            {
                ClientId = record.ClientId,
                ProviderId = record.ProviderId,
                Phone = s.MobilePhone,
                ProviderStatus = record.ProviderStatus,
                Reason = record.Error,
                SoftBounces = s.SoftBounces,
            });
        }

        return HandOffNowAsync();
    }

    /// <summary>
    /// A reply taken for the first time, the contact having been <paramref name="subscriptionBefore"/>:
    /// the inbound message, then the opt-out it made. Completes once they are handed off, or kept recoverably.
    /// </summary>
    public Task RepliedAsync(InboundRecord reply, SubscriptionStatus subscriptionBefore)
    {
        var s = _state.State;
        Record(WebhookEventType.MessageInbound, reply.ReceivedAt, reply.ProviderId, new WebhookEventData
        {
            ClientId = reply.ClientId,
            ProviderId = reply.ProviderId,
            Phone = s.MobilePhone,
            ProviderStatus = reply.Stop ? "stop" : null,
            Text = reply.Text,
            Keyword = reply.Keyword,
            Action = reply.Action,
        });
        if (subscriptionBefore != SubscriptionStatus.NotSubscribed && s.SmsSubscriptionStatus == SubscriptionStatus.NotSubscribed)
        {
            Record(WebhookEventType.ContactOptedOut, reply.ReceivedAt, reply.ProviderId, new WebhookEventData
            {
                ProviderId = reply.ProviderId,
                Phone = s.MobilePhone,
                Keyword = reply.Keyword,
                Action = reply.Action,
                Reason = reply.Stop ? "stop" : "keyword",
            });
        }

        return HandOffNowAsync();
    }

    /// <summary>
    /// The activation ends: what is left is handed off now (a failure leaves it to the reminder),
    /// and an empty outbox's reminder goes, unless the silo is stopping (its tick, on another
    /// silo, finds nothing and removes it).
    /// </summary>
    public async Task DeactivateAsync(DeactivationReason reason)
    {
        _handOff?.Dispose();
        _handOff = null;
        while (_handing is { } inFlight)
        {
            await inFlight;
        }

        if (_state.State.WebhookOutbox is { Count: > 0 })
        {
            await HandOffAsync(leaving: true);
        }

        if (_state.State.WebhookOutbox is null && _reminder is { } reminder && reason.ReasonCode != DeactivationReasonCode.ShuttingDown)
        {
            try
            {
                await _grain.UnregisterReminder(reminder);
            }
            catch (Exception e)
            {
                // Its next tick finds nothing and unregisters it.
                LogReminderFailed(_logger, e, _storeId, _contactId);
            }
        }
    }

    /// <summary>The outbox's reminder: hands off what is left; gone once nothing is. False for another reminder.</summary>
    public async Task<bool> ReceiveReminderAsync(string reminderName)
    {
        if (reminderName != ReminderName)
        {
            return false;
        }

        await HandOffNowAsync();
        if (_state.State.WebhookOutbox is null)
        {
            await _grain.UnregisterReminderIfAnyAsync(ReminderName);
            _reminder = null;
        }

        return true;
    }

    private WebhookEventData MessageData(MessageRecord record) => new()
    {
        ClientId = record.ClientId,
        ProviderId = record.ProviderId,
        SmsId = record.SmsId,
        WorkflowId = record.WorkflowId,
        Kind = record.Kind,
        Phone = record.To,
        Segments = record.Segments,
        ProviderStatus = record.ProviderStatus,
        Reason = record.Error,
    };

    private void Record(WebhookEventType type, DateTimeOffset at, string subject, WebhookEventData data)
    {
        if (_subscriptions is null || !_subscriptions.MayWant(_storeId, type))
        {
            return;
        }

        var id = WebhookEventIds.For(_storeId, _contactId, type, subject);
        var outbox = _state.State.WebhookOutbox ??= [];
        if (outbox.Exists(e => e.Id == id))
        {
            // The same transition again (an answer the provider repeated after a crash): one event.
            return;
        }

        if (outbox.Count >= Capacity)
        {
            LogOutboxFull(_logger, _storeId, _contactId, Capacity, outbox[0].Id);
            outbox.RemoveAt(0);
        }

        outbox.Add(new WebhookEvent { Id = id, Type = type, At = at, ContactId = _contactId, Data = data });
        _addedAt[id] = _state.Etag;
        ScheduleHandOff();
    }

    /// <summary>Hands off the outbox now, after any hand-off in flight; what the dispatcher does not take stays, with the reminder registered.</summary>
    private async Task HandOffNowAsync()
    {
        while (_handing is { } inFlight)
        {
            await inFlight;
        }

        if (_state.State.WebhookOutbox is { Count: > 0 })
        {
            await HandOffAsync(leaving: false);
        }
    }

    /// <summary>Registers the reminder that hands off what is left (once per activation, and only when a hand-off failed).</summary>
    private async Task RegisterReminderAsync()
    {
        if (_reminder is not null)
        {
            return;
        }

        try
        {
            _reminder = await _grain.RegisterOrUpdateReminder(ReminderName, _retryInterval, _retryInterval);
        }
        catch (Exception e)
        {
            // The next hand-off that fails tries again; the next activation hands off what is left.
            LogReminderFailed(_logger, e, _storeId, _contactId);
        }
    }

    private void ScheduleHandOff()
    {
        if (_handOff is null && _handing is null)
        {
            // Interleaving, after this turn: the contact's calls never wait for a hand-off.
            _handOff = _grain.RegisterGrainTimer(HandOffTickAsync, new GrainTimerCreationOptions
            {
                DueTime = TimeSpan.Zero,
                Period = Timeout.InfiniteTimeSpan,
                Interleave = true,
            });
        }
    }

    private async Task HandOffTickAsync(CancellationToken cancellationToken)
    {
        _handOff?.Dispose();
        _handOff = null;
        await HandOffAsync(leaving: false);
    }

    /// <summary>Hands the outbox to the dispatcher until it is empty, one hand-off at a time (so in order); what it took leaves the outbox.</summary>
    private async Task HandOffAsync(bool leaving)
    {
        if (_handing is not null || _subscriptions is null)
        {
            return;
        }

        var done = new TaskCompletionSource();
        _handing = done.Task;
        try
        {
            while (_state.State.WebhookOutbox is { Count: > 0 } outbox)
            {
                var batch = outbox.ToArray();
                var mask = await _subscriptions.MaskAsync(_storeId);
                var wanted = Array.FindAll(batch, e => WebhookEventTypes.Contains(mask, e.Type));
                if (wanted.Length > 0)
                {
                    await _grains.GetWebhookDispatcher(_storeId, WebhookKeys.PartitionOf(_contactId)).AcceptAsync(wanted);
                }

                // The state changes only while no write of it is in flight.
                await _whenIdle();
                var stored = false;
                var current = _state.State.WebhookOutbox;
                foreach (var e in batch)
                {
                    current?.RemoveAll(x => x.Id == e.Id);
                    stored |= !_addedAt.Remove(e.Id, out var etag) || etag != _state.Etag;
                }

                if (current is { Count: 0 })
                {
                    _state.State.WebhookOutbox = null;
                }

                if (stored)
                {
                    // What a write had carried leaves storage with the next one (now, when the activation ends).
                    await (leaving ? _writeNow() : _writeSoon());
                }
            }
        }
        catch (Exception e)
        {
            LogHandOffFailed(_logger, e, _storeId, _contactId);
            await RegisterReminderAsync();
            if (!leaving)
            {
                // What was only in memory (a skip, an acceptance not written yet) is stored for the reminder to find.
                await _writeSoon();
            }
        }
        finally
        {
            _handing = null;
            done.SetResult();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Contact {StoreId}/{ContactId}: its webhook events could not be handed to its dispatcher; they are kept and handed again")]
    private static partial void LogHandOffFailed(ILogger logger, Exception exception, string storeId, string contactId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Contact {StoreId}/{ContactId}: the reminder of its webhook events could not be registered or removed")]
    private static partial void LogReminderFailed(ILogger logger, Exception exception, string storeId, string contactId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Contact {StoreId}/{ContactId}: {Capacity} webhook events wait for its dispatcher; the oldest, {EventId}, is dropped")]
    private static partial void LogOutboxFull(ILogger logger, string storeId, string contactId, int capacity, string eventId);
}
