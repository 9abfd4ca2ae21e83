using Microsoft.Extensions.Options;
using OrleansSms.Abstractions.Newsletters;
using OrleansSms.Abstractions.Sending;
using OrleansSms.Abstractions.Workflows;
using OrleansSms.Domain.Contents;
using OrleansSms.Domain.Sending;

namespace OrleansSms.Grains.Sending;

/// <summary>
/// What to render and where to send it; the owner fills in the recipient. <see cref="MaxSegments"/>
/// is the channel's limit when the caller brought it; null asks the owner if the text needs it.
/// </summary>
internal sealed record MessageDraft(
    string IdempotencyKey,
    SmsKind Kind,
    string? SmsId,
    string? WorkflowId,
    string To,
    string From,
    string TextTemplate,
    IReadOnlyDictionary<string, string> Values,
    int? MaxSegments,
    NewsletterPlace? Newsletter = null,
    string? Fingerprint = null);

/// <summary>
/// The send path shared by the owners of messages (a contact, a store's alerts): render,
/// check the rendered length against the channel's <c>maxSegments</c> (over it: skipped
/// <see cref="SkipReason.TooLong"/>, nothing recorded or sent), number, persist as pending, then
/// hand to the connector and record the outcome. Messages the provider could not take are resent
/// by the owner's reminder with the same clientId, unless they belong to a newsletter run
/// cancelled since: those are withdrawn instead.
/// </summary>
/// <remarks>
/// A message the provider's answer did not name (<see cref="ProviderOutcomeKind.Unaccounted"/>) is
/// resent the same way at most <paramref name="unaccountedRetries"/> times
/// (<see cref="ConnectorOptions.UnaccountedRetries"/>), then marked undelivered with the reason.
/// A contact listens (<paramref name="events"/>) to turn its messages' transitions into webhook events.
/// </remarks>
internal sealed class MessageDispatcher(IMessageOwner owner, IGrainFactory grains, TimeProvider time, int unaccountedRetries, SendBacklog? backlog = null, IMessageEvents? events = null)
{
    private readonly HashSet<long> _inFlight = [];

    /// <summary>This owner's pending messages as last told to the <see cref="SendBacklog"/>.</summary>
    private int _counted;

    /// <summary>A dispatcher for <paramref name="owner"/> with the silo's settings and backlog gauge (defaults when they are not registered).</summary>
    public static MessageDispatcher For(IMessageOwner owner, IGrainFactory grains, TimeProvider time, IServiceProvider services, IMessageEvents? events = null)
    {
        var retries = (services.GetService(typeof(IOptions<ConnectorOptions>)) as IOptions<ConnectorOptions>)?.Value.UnaccountedRetries
            ?? new ConnectorOptions().UnaccountedRetries;
        var dispatcher = new MessageDispatcher(owner, grains, time, retries, services.GetService(typeof(SendBacklog)) as SendBacklog, events);
        dispatcher.CountBacklog();
        return dispatcher;
    }

    /// <summary>Tells the silo's backlog how many of this owner's messages are pending now (after anything settled one).</summary>
    public void CountBacklog()
    {
        if (backlog is null)
        {
            return;
        }

        var pending = owner.Log.Unsettled().Count();
        if (pending != _counted)
        {
            backlog.Adjust(owner.StoreId, pending - _counted);
            _counted = pending;
        }
    }

    /// <summary>Takes this owner's share out of the silo's backlog: the activation is ending.</summary>
    public void LeaveBacklog()
    {
        backlog?.Adjust(owner.StoreId, -_counted);
        _counted = 0;
    }

    /// <summary>
    /// The answer for a repeated idempotency key: refused when it recorded another request than
    /// <paramref name="fingerprint"/>'s (see <see cref="MessageLog.IsKeyReused"/>), else the first
    /// result, resending when the first try never settled.
    /// </summary>
    public async Task<SendSmsResult> ReplayAsync(MessageRecord earlier, string? fingerprint)
    {
        if (MessageLog.IsKeyReused(earlier, fingerprint))
        {
            return new SendSmsResult
            {
                Status = SendStatus.KeyReused,
                ClientId = earlier.ClientId,
                Error = "the idempotency key was already used for a different request",
            };
        }

        if (earlier.Status == MessageStatus.Pending && !_inFlight.Contains(earlier.Number))
        {
            await DispatchAsync(earlier);
        }

        return earlier.ToResult(replayed: true);
    }

    public async Task<SendSmsResult> SendAsync(MessageDraft draft, Func<long, string> clientIdFor)
    {
        var rendered = SmsTemplate.Render(draft.TextTemplate, draft.Values);
        var analysis = SmsAnalyzer.Analyze(rendered.Text);
        if (analysis.Characters == 0)
        {
            return new SendSmsResult { Status = SendStatus.Failed, Error = "the rendered text is empty" };
        }

        // The store pays per segment: a variable far longer than its template must not reach Instasent.
        if (analysis.Segments > MessageLength.MinMaxSegments &&
            MessageLength.TooLong(analysis, draft.MaxSegments ?? await owner.MaxSegmentsAsync()) is { } tooLong)
        {
            Telemetry.SmsInstruments.SendSkipped(draft.Kind, SkipReason.TooLong);
            events?.Skipped(draft, SkipReason.TooLong, tooLong);
            return new SendSmsResult { Status = SendStatus.Skipped, SkipReason = SkipReason.TooLong, Error = tooLong };
        }

        // The state changes only while no write of it is in flight (reports interleave with sends).
        await owner.WhenIdleAsync();
        var now = time.GetUtcNow();
        var log = owner.Log;
        var number = log.NextNumber();
        var record = new MessageRecord
        {
            Number = number,
            IdempotencyKey = draft.IdempotencyKey,
            ClientId = clientIdFor(number),
            SmsId = draft.SmsId,
            Kind = draft.Kind,
            WorkflowId = draft.WorkflowId,
            To = draft.To,
            From = draft.From,
            Text = rendered.Text,
            AllowUnicode = analysis.Encoding == SmsEncoding.Ucs2,
            Segments = analysis.Segments,
            Newsletter = draft.Newsletter,
            Fingerprint = draft.Fingerprint,
            Counted = owner.CountsMessages ? Domain.Reports.SmsTransitions.Tracked : Domain.Reports.SmsTransitions.None,
            Status = MessageStatus.Pending,
            SentAt = now,
            StatusAt = now,
        };
        log.Add(record, owner.HistoryCapacity);

        // Durable before the provider hears of it: a crash from here on can never send twice unknowingly.
        await owner.PersistAsync();
        CountBacklog();
        await DispatchAsync(record);
        return record.ToResult(replayed: false);
    }

    /// <summary>Sends again what the provider has not confirmed (the owner's reminder calls this).</summary>
    public async Task ResendUnsettledAsync()
    {
        foreach (var record in owner.Log.Unsettled().Where(r => !_inFlight.Contains(r.Number)).ToList())
        {
            if (record.Newsletter is { } place && record.WorkflowId is { } workflowId)
            {
                switch (await NewsletterCancelledAsync(new RunKey(owner.StoreId, workflowId, place.RunId)))
                {
                    case null:
                        // Not known now: kept for the next tick rather than sent against a cancel.
                        continue;
                    case true:
                        MessageLog.ApplyRefused(record, WithdrawnError, time.GetUtcNow());
                        await SettledAsync(record);
                        await owner.PersistAsync();
                        CountBacklog();
                        continue;
                }
            }

            await DispatchAsync(record);
        }
    }

    /// <summary>The error of a pending message withdrawn because its newsletter run was cancelled.</summary>
    public const string WithdrawnError = "withdrawn: its newsletter run was cancelled before it could go";

    private Task SettledAsync(MessageRecord record) => events?.SettledAsync(record) ?? Task.CompletedTask;

    private async Task<bool?> NewsletterCancelledAsync(RunKey run)
    {
        try
        {
            return await grains.GetNewsletterRun(run).IsCancelledAsync();
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            return null;
        }
    }

    private async Task DispatchAsync(MessageRecord record)
    {
        _inFlight.Add(record.Number);
        ProviderSendOutcome outcome;
        try
        {
            outcome = await grains.GetInstasentConnector(owner.StoreId).SendAsync(record.ToOutbound());
        }
        catch (Exception e)
        {
            outcome = ProviderSendOutcome.Transient($"connector unavailable: {e.GetType().Name}");
        }
        finally
        {
            _inFlight.Remove(record.Number);
        }

        var before = record.Status;
        var gaveUp = record.ApplyOutcome(outcome, unaccountedRetries, time.GetUtcNow(), out var released);
        CountBacklog();
        if (before == MessageStatus.Pending && record.Status != MessageStatus.Pending)
        {
            await SettledAsync(record);
        }

        if (released is { } report)
        {
            // A report came first and waited for this answer: its id now checked, it counts.
            await owner.ApplyReleasedReportAsync(record, report);
        }

        Telemetry.SmsInstruments.SendOutcome(record.Kind, outcome.Kind);
        if (outcome.Kind == ProviderOutcomeKind.Unaccounted)
        {
            Telemetry.SmsInstruments.UnaccountedAnswer(record.Kind, gaveUp);
        }

        if (record.Status == MessageStatus.Pending)
        {
            await owner.ScheduleResendAsync();
        }
        else if (outcome.Kind == ProviderOutcomeKind.Accepted)
        {
            await owner.PersistSoonAsync();
            return;
        }

        await owner.PersistAsync();
    }
}
