using OrleansSms.Abstractions.Alerts;
using OrleansSms.Abstractions.Channel;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Abstractions.Contents;
using OrleansSms.Abstractions.Sending;
using OrleansSms.Abstractions.Workflows;
using OrleansSms.Domain.Contacts;
using OrleansSms.Domain.Sending;
using OrleansSms.Domain.Workflows;

namespace OrleansSms.Grains.Workflows;

/// <summary>What one node did and where the run goes next.</summary>
/// <param name="ContactErased">The node met the run's contact erased (a send skipped <c>deleted</c>, an update refused): the run has nothing left to do for it.</param>
internal sealed record StepResult(StepOutcome Outcome, string? Detail, string? Next, TimeSpan? Wait = null, SendSmsResult? Send = null, bool ContactErased = false);

/// <summary>
/// Executes one node for one contact. Shared by one-contact runs and newsletter shards, so a
/// node behaves the same whichever way the contact came. Keeps SMS texts it read for its lifetime.
/// </summary>
/// <remarks>
/// A <paramref name="bulk"/> executor (a newsletter's shard) also reads the channel's
/// <c>maxSegments</c> once a minute and hands it to every send, so that the contacts it wakes do
/// not each ask the channel; a one-contact run leaves that to the contact, which keeps it.
/// </remarks>
internal sealed class WorkflowExecutor(IGrainFactory grains, TimeProvider time, string storeId, string workflowId, bool bulk = false)
{
    /// <summary>How long a bulk executor trusts the segment limit it read: a changed setting applies within it.</summary>
    private static readonly TimeSpan ChannelLifetime = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, string?> _texts = new(StringComparer.Ordinal);
    private int? _maxSegments;
    private DateTimeOffset _maxSegmentsReadAt;

    /// <param name="newsletter">For a newsletter shard's step: where a contact's message counts its delivery.</param>
    /// <param name="attemptAt">When the caller durably recorded it would take this step (see <see cref="SendSmsCommand.AttemptAt"/>).</param>
    public async Task<StepResult> ExecuteAsync(
        WorkflowNode node, string contactId, IReadOnlyDictionary<string, string> eventProperties, string idempotencyKey,
        Domain.Sending.NewsletterPlace? newsletter = null, DateTimeOffset? attemptAt = null)
    {
        switch (node)
        {
            case SendSmsNode send:
                return await SendAsync(send, contactId, eventProperties, idempotencyKey, newsletter, attemptAt);
            case WaitNode wait:
                return new StepResult(StepOutcome.Waiting, Domain.Workflows.WorkflowDurations.Format(wait.Duration), wait.Next, wait.Duration);
            case SmsReceivedNode received:
                var count = await CountReceivedAsync(received, contactId);
                var yes = received.Count.Matches(count);
                return new StepResult(yes ? StepOutcome.Yes : StepOutcome.No, $"received {count}, wanted {received.Count.OpText} {received.Count.Value}", yes ? received.Yes : received.No);
            case UpdateContactNode update:
                return await grains.GetContact(storeId, contactId).UpdateFromWorkflowAsync(ToUpdate(update))
                    ? new StepResult(StepOutcome.Updated, string.Join(", ", update.Set.Keys), update.Next)
                    : new StepResult(StepOutcome.Skipped, SendRule.ToWire(SkipReason.Deleted), update.Next, ContactErased: true);
            default:
                return new StepResult(StepOutcome.Failed, $"unknown node type {node.GetType().Name}", null);
        }
    }

    private async Task<StepResult> SendAsync(
        SendSmsNode node, string contactId, IReadOnlyDictionary<string, string> eventProperties, string idempotencyKey,
        Domain.Sending.NewsletterPlace? newsletter, DateTimeOffset? attemptAt)
    {
        var text = await TextAsync(node.SmsId);
        if (text is null)
        {
            return new StepResult(StepOutcome.Failed, $"SMS content '{node.SmsId}' no longer exists", node.Next);
        }

        SendSmsResult result;
        if (node.Recipient is AlertRecipient alert)
        {
            // An alert goes to a fixed number: the contact's fields are read here for its text.
            var contact = node.Variables.Values.Any(v => v.From == VariableSource.Contact)
                ? await grains.GetContact(storeId, contactId).GetAsync()
                : null;
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (variable, mapping) in node.Variables)
            {
                var value = mapping.From == VariableSource.Event
                    ? eventProperties.GetValueOrDefault(mapping.Name)
                    : contact?.Fields.GetValueOrDefault(mapping.Name)?.Value;
                values[variable] = string.IsNullOrEmpty(value) ? mapping.Fallback ?? "" : value;
            }

            result = await grains.GetStoreAlerts(storeId).SendAlertAsync(new Abstractions.Alerts.SendAlertCommand
            {
                MaxSegments = await MaxSegmentsAsync(),
                IdempotencyKey = idempotencyKey,
                To = alert.Phone,
                Text = text,
                Variables = values,
                SenderName = node.SenderName,
                SmsId = node.SmsId,
                WorkflowId = workflowId,
            });
        }
        else
        {
            // One call to the contact: it resolves its own fields (same fallback rule as here).
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var fields = new Dictionary<string, FieldVariable>(StringComparer.Ordinal);
            foreach (var (variable, mapping) in node.Variables)
            {
                if (mapping.From == VariableSource.Event)
                {
                    var value = eventProperties.GetValueOrDefault(mapping.Name);
                    values[variable] = string.IsNullOrEmpty(value) ? mapping.Fallback ?? "" : value;
                }
                else
                {
                    fields[variable] = new FieldVariable(mapping.Name, mapping.Fallback);
                }
            }

            var command = new SendSmsCommand
            {
                MaxSegments = await MaxSegmentsAsync(),
                IdempotencyKey = idempotencyKey,
                Kind = node.Kind,
                SmsId = node.SmsId,
                Text = text,
                Variables = values,
                FieldVariables = fields,
                SenderName = node.SenderName,
                WorkflowId = workflowId,
                Newsletter = newsletter,
                AttemptAt = attemptAt,
            };
            var recipient = grains.GetContact(storeId, contactId);
            result = await (bulk ? recipient.SendBulkAsync(command) : recipient.SendSmsAsync(command));
        }

        var outcome = result.Status switch
        {
            SendStatus.Sent => StepOutcome.Sent,
            SendStatus.Skipped => StepOutcome.Skipped,
            SendStatus.Queued => StepOutcome.Queued,
            _ => StepOutcome.Failed,
        };
        var detail = result.SkipReason is { } reason ? SendRule.ToWire(reason) : result.Error ?? result.ClientId;
        return new StepResult(outcome, detail, node.Next, Send: result, ContactErased: result.SkipReason == SkipReason.Deleted);
    }

    private async Task<int> CountReceivedAsync(SmsReceivedNode node, string contactId)
    {
        var history = await grains.GetContact(storeId, contactId).GetSmsHistoryAsync();
        var now = time.GetUtcNow();
        var count = 0;
        foreach (var entry in history)
        {
            if (entry.Status != DeliveryStatus.Delivered ||
                (node.SmsId is not null && entry.SmsId != node.SmsId) ||
                (node.Kind == SmsKindFilter.Newsletter && entry.Kind != SmsKind.Newsletter) ||
                (node.Kind == SmsKindFilter.Transactional && entry.Kind != SmsKind.Transactional))
            {
                continue;
            }

            // A delivered message's status time is its delivery time (a final status never moves).
            var at = entry.StatusAt;
            var inWindow = node.Window switch
            {
                LastWindow last => at >= now - last.Duration && at <= now,
                SinceWindow since => at >= since.Since,
                OnWindow on => DateOnly.FromDateTime(at.UtcDateTime) == on.On,
                _ => false,
            };
            count += inWindow ? 1 : 0;
        }

        return count;
    }

    private static ContactUpdate ToUpdate(UpdateContactNode node)
    {
        var update = new ContactUpdate();
        var fields = new Dictionary<string, ContactField?>(StringComparer.Ordinal);
        foreach (var (name, literal) in node.Set)
        {
            switch (name)
            {
                case ContactValues.MobilePhoneStatusField when ContactValues.TryParsePhoneStatus(literal.Text, out var phoneStatus):
                    update = update with { MobilePhoneStatus = phoneStatus };
                    break;
                case ContactValues.SmsSubscriptionStatusField when ContactValues.TryParseSubscriptionStatus(literal.Text, out var subscription):
                    update = update with { SmsSubscriptionStatus = subscription };
                    break;
                default:
                    fields[name] = literal.Kind switch
                    {
                        FieldValueKind.Null => null,
                        FieldValueKind.Number => new ContactField(FieldType.Number, literal.Text!),
                        FieldValueKind.Boolean => new ContactField(FieldType.Boolean, literal.Text!),
                        _ when ContactValues.LooksLikeIsoDate(literal.Text!) && ContactValues.TryParseValue(FieldType.Date, literal.Text, out var date, out _)
                            => new ContactField(FieldType.Date, date),
                        _ => new ContactField(FieldType.String, literal.Text!),
                    };
                    break;
            }
        }

        return update with { Fields = fields };
    }

    /// <summary>The channel's segment limit for a bulk executor; null (the recipient reads it) otherwise.</summary>
    private async ValueTask<int?> MaxSegmentsAsync()
    {
        var now = time.GetUtcNow();
        if (bulk && (_maxSegments is null || now - _maxSegmentsReadAt >= ChannelLifetime))
        {
            _maxSegments = (await grains.GetStoreChannel(storeId).GetAsync())?.MaxSegments ?? MessageLength.DefaultMaxSegments;
            _maxSegmentsReadAt = now;
        }

        return bulk ? _maxSegments : null;
    }

    private async Task<string?> TextAsync(string smsId)
    {
        if (!_texts.TryGetValue(smsId, out var text))
        {
            text = (await grains.GetSmsContent(storeId, smsId).GetAsync())?.Text;
            _texts[smsId] = text;
        }

        return text;
    }
}
