using System.Globalization;
using OrleansSms.Domain.Sending;

namespace OrleansSms.Domain.Reports;

/// <summary>
/// The steps of a message a report counts, as flags: <see cref="Sent"/> (Instasent took it) and
/// <see cref="Final"/> (delivered, undelivered or refused). <see cref="Tracked"/> marks a message
/// whose steps are counted at all: one recorded before reports were counted, or by an owner whose
/// messages are not in the reports (a store's alerts), never is.
/// </summary>
[Flags]
public enum SmsTransitions
{
    None = 0,
    Sent = 1,
    Final = 2,
    Tracked = 4,
}

/// <summary>What one count adds to a report.</summary>
public enum SmsCountKind
{
    /// <summary>Instasent took the message; its segments are counted with it.</summary>
    Sent = 0,
    Delivered = 1,

    /// <summary>Instasent took it and reported it undelivered (a hard or soft bounce).</summary>
    Undelivered = 2,

    /// <summary>Instasent's send call refused it for good, or it was withdrawn before it went.</summary>
    Refused = 3,

    /// <summary>The send rule (or the segment limit) stopped the send: nothing was recorded.</summary>
    Skipped = 4,

    /// <summary>A reply from the contact's phone (a text or a stop); it may also be an opt-out.</summary>
    Inbound = 5,
}

/// <summary>
/// Which steps of a message are still to be counted, and the marks that make a count
/// idempotent. A message's counts follow its status, which only moves forward: each step is
/// counted once, whenever its owner gets to it (see <see cref="Due"/>), and the counters dedupe a
/// repeat by its mark (<see cref="MessageMark"/>, <see cref="SkipMark"/>, <see cref="InboundMark"/>).
/// </summary>
public static class SmsCounting
{
    /// <summary>The steps a message in <paramref name="status"/> has taken.</summary>
    public static SmsTransitions Implied(MessageStatus status) => status switch
    {
        MessageStatus.Pending => SmsTransitions.None,
        MessageStatus.Accepted or MessageStatus.Sent => SmsTransitions.Sent,
        MessageStatus.Delivered or MessageStatus.Failed => SmsTransitions.Sent | SmsTransitions.Final,
        MessageStatus.Refused => SmsTransitions.Final,
        _ => SmsTransitions.None,
    };

    /// <summary>The steps <paramref name="record"/> has taken that are not counted yet; none for an untracked message.</summary>
    public static SmsTransitions Due(MessageRecord record) =>
        (record.Counted & SmsTransitions.Tracked) == 0 ? SmsTransitions.None : Implied(record.Status) & ~record.Counted;

    /// <summary>True when nothing about <paramref name="record"/> will ever be counted again: untracked, or final with every step counted.</summary>
    public static bool IsSettled(MessageRecord record) =>
        (record.Counted & SmsTransitions.Tracked) == 0 ||
        (MessageStatuses.IsFinal(record.Status) && Due(record) == SmsTransitions.None);

    /// <summary>The count of a message's final step.</summary>
    public static SmsCountKind FinalKind(MessageStatus status) => status switch
    {
        MessageStatus.Delivered => SmsCountKind.Delivered,
        MessageStatus.Failed => SmsCountKind.Undelivered,
        MessageStatus.Refused => SmsCountKind.Refused,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not a final status"),
    };

    /// <summary>
    /// The mark of one step of one message: its owner, number and recording time (numbers are
    /// never reused by an owner; the time tells a contact recreated under the same id apart).
    /// </summary>
    public static ulong MessageMark(string ownerId, MessageRecord record, SmsTransitions step) =>
        Hash(string.Create(CultureInfo.InvariantCulture, $"m\n{ownerId}\n{record.Number}\n{record.SentAt.UtcTicks}\n{(int)step}"));

    /// <summary>The mark of a skipped send: the contact and the send's idempotency key (a repeat of the send has the same key).</summary>
    public static ulong SkipMark(string contactId, string idempotencyKey) => Hash($"s\n{contactId}\n{idempotencyKey}");

    /// <summary>The mark of a reply: the contact and Instasent's id of it (a repeated report has the same id).</summary>
    public static ulong InboundMark(string contactId, string providerId) => Hash($"i\n{contactId}\n{providerId}");

    /// <summary>The first 64 bits of the SHA-256 of the text (UTF-8): stable across processes and versions, and collisions are not a concern at the number of marks kept.</summary>
    public static ulong Hash(string value)
    {
        Span<byte> digest = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value), digest);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(digest);
    }
}
