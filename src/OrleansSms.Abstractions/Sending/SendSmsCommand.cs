using OrleansSms.Domain.Sending;

namespace OrleansSms.Abstractions.Sending;

/// <summary>
/// Send one SMS to a contact. <see cref="IdempotencyKey"/> (e.g. run id + node id, or the
/// newsletter run id) makes a repeated command a no-op that answers the first outcome.
/// </summary>
[GenerateSerializer, Immutable, Alias("sms.SendSmsCommand")]
public sealed record SendSmsCommand
{
    [Id(0)] public required string IdempotencyKey { get; init; }
    [Id(1)] public SmsKind Kind { get; init; }

    /// <summary>The SMS content the text came from, for history and "SMS Received" conditions.</summary>
    [Id(2)] public string? SmsId { get; init; }

    /// <summary>The text with <c>{{variables}}</c>.</summary>
    [Id(3)] public required string Text { get; init; }

    /// <summary>
    /// Values the caller resolved: literals, event properties (their fallbacks applied). A
    /// variable named here takes this value whatever the contact holds.
    /// </summary>
    [Id(4)] public Dictionary<string, string> Variables { get; init; } = new(StringComparer.Ordinal);
    [Id(5)] public required string SenderName { get; init; }
    [Id(6)] public string? WorkflowId { get; init; }

    // [Id(7)] is retired: never reuse it.

    /// <summary>
    /// Variables that take a field of the contact, resolved by the contact grain from its own
    /// state (see <see cref="FieldVariable"/>). A variable named in neither map takes the
    /// contact's field of the same name, else renders empty.
    /// </summary>
    [Id(8)] public Dictionary<string, FieldVariable> FieldVariables { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Set by a newsletter's shard: where the message's delivery is counted.</summary>
    [Id(9)] public NewsletterPlace? Newsletter { get; init; }

    /// <summary>
    /// The channel's <c>maxSegments</c> as the caller read it (a newsletter's shard reads it once
    /// for all its contacts); null: the contact reads it from the channel.
    /// </summary>
    [Id(10)] public int? MaxSegments { get; init; }

    /// <summary>
    /// What the caller asked for (see <see cref="RequestFingerprints"/>), when it chose the
    /// <see cref="IdempotencyKey"/> itself: a key met again with another fingerprint answers
    /// <see cref="SendStatus.KeyReused"/>. Null (workflows): a known key always replays.
    /// </summary>
    [Id(11)] public string? Fingerprint { get; init; }

    /// <summary>
    /// When the caller first attempted this send, as it recorded it durably (a newsletter's
    /// shard: its last checkpoint; a run: its last write): a skip counts in the store's report in
    /// that hour, and a repeat of the attempt after a crash is the same count. Null: now.
    /// </summary>
    [Id(12)] public DateTimeOffset? AttemptAt { get; init; }
}
