namespace OrleansSms.Domain.Sending;

/// <summary>A provider's delivery report for one message, as the log reads it.</summary>
/// <param name="ProviderId">The provider's id of the message.</param>
/// <param name="Status">The provider's status word (see <see cref="ProviderStatuses"/>), any case.</param>
/// <param name="Code">The provider's error code, when it gave one.</param>
/// <param name="EventAt">When it happened, per the provider; null takes the time of applying.</param>
public readonly record struct StatusReport(string ProviderId, string Status, int? Code, DateTimeOffset? EventAt);

/// <summary>What applying a delivery report did, and what it asks the owner to do besides recording it.</summary>
/// <param name="Ignored">The report names another provider id than the one recorded: nothing changed.</param>
/// <param name="Changed">The record changed (write it).</param>
/// <param name="Bounce">The message failed for good for the first time (a hard bounce): the owner marks the number bounced.</param>
/// <param name="SoftBounce">The message ended undelivered for a reason that may pass (expired, error, …), for the first time: the owner counts it (see <see cref="PhoneBounces"/>).</param>
/// <param name="Delivered">The message was delivered, seen for the first time: the owner's count of soft bounces starts again.</param>
/// <param name="Held">The report came before Instasent's answer named the message's id: kept, not applied, until it does (see <see cref="MessageRecord.HeldReport"/>).</param>
public readonly record struct ReportEffects(bool Ignored, bool Changed, bool Bounce, bool SoftBounce = false, bool Delivered = false, bool Held = false)
{
    public static ReportEffects Ignore { get; } = new(true, false, false);
}

/// <summary>
/// The message records of one owner: numbering, idempotency, provider outcomes and delivery
/// reports, monotonic in status. Bounded: the oldest settled records go first, so memory and
/// state size stay flat for a contact that receives SMS for years; unsettled ones are never dropped.
/// </summary>
/// <remarks>
/// Status moves only forward by <see cref="MessageStatuses.Rank"/> (pending, then with the
/// provider, then final), with one step inside a rank: accepted → sent. A final status never
/// changes; a repeated report changes nothing; the text is dropped as soon as the provider has
/// the message (its answer or a report said so), so a resend is the only use it ever has.
/// </remarks>
public sealed class MessageLog
{
    /// <summary>The last message number handed out; numbers are never reused.</summary>
    public long LastNumber { get; set; }

    /// <summary>Oldest first, bounded by the capacity given to <see cref="Add"/>.</summary>
    public List<MessageRecord> Records { get; set; } = [];

    /// <summary>The record of <paramref name="idempotencyKey"/>, or null when no kept record has it.</summary>
    public MessageRecord? FindByKey(string idempotencyKey)
    {
        // Newest first: a replay is almost always of a recent send.
        for (var i = Records.Count - 1; i >= 0; i--)
        {
            if (Records[i].IdempotencyKey == idempotencyKey)
            {
                return Records[i];
            }
        }

        return null;
    }

    /// <summary>
    /// True when <paramref name="earlier"/>, found by a request's idempotency key, was recorded for
    /// another request than the one <paramref name="fingerprint"/> describes: the key is being
    /// reused for a different message. False (a retry: replay the first result) when both
    /// fingerprints are the same, or either is unknown (a caller that sends none, such as a
    /// workflow whose retries must never send twice, or a record older than fingerprints).
    /// </summary>
    public static bool IsKeyReused(MessageRecord earlier, string? fingerprint) =>
        fingerprint is not null && earlier.Fingerprint is not null && !string.Equals(earlier.Fingerprint, fingerprint, StringComparison.Ordinal);

    public MessageRecord? FindByNumber(long number)
    {
        for (var i = Records.Count - 1; i >= 0; i--)
        {
            if (Records[i].Number == number)
            {
                return Records[i];
            }
        }

        return null;
    }

    /// <summary>The records the provider has not confirmed (pending), oldest first.</summary>
    public IEnumerable<MessageRecord> Unsettled() => Records.Where(r => r.Status == MessageStatus.Pending);

    public bool HasUnsettled() => Records.Exists(r => r.Status == MessageStatus.Pending);

    public long NextNumber() => ++LastNumber;

    /// <summary>When the numbers of a contact created again after an erasure start: 2025-01-01 UTC.</summary>
    public static readonly DateTimeOffset ErasedNumberingEpoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The <see cref="LastNumber"/> a contact created again under an erased id starts from: the
    /// tenths of a second since <see cref="ErasedNumberingEpoch"/>. The erased contact's log is
    /// gone, and with it its last number, but Instasent keeps every clientId it took and refuses
    /// one it has seen; numbers from the moment of creation never meet the earlier ones unless a
    /// contact took more than ten messages a second for the whole time it existed. Far inside
    /// <see cref="ClientIds.MaxContactMessageNumber"/> (about 248 years of tenths of a second).
    /// </summary>
    public static long FirstNumberAfterErasure(DateTimeOffset now) =>
        Math.Clamp((now - ErasedNumberingEpoch).Ticks / (TimeSpan.TicksPerSecond / 10), 0, ClientIds.MaxContactMessageNumber / 2);

    /// <summary>
    /// Appends <paramref name="record"/>, then drops the oldest settled records until at most
    /// <paramref name="capacity"/> are kept (or only unsettled ones are left over it). A record
    /// whose steps the report has yet to count is kept like an unsettled one.
    /// </summary>
    public void Add(MessageRecord record, int capacity)
    {
        Records.Add(record);
        for (var i = 0; Records.Count > capacity && i < Records.Count;)
        {
            if (Records[i].Status == MessageStatus.Pending || Reports.SmsCounting.Due(Records[i]) != Reports.SmsTransitions.None)
            {
                i++;
            }
            else
            {
                Records.RemoveAt(i);
            }
        }
    }

    /// <summary>Newest first.</summary>
    public IEnumerable<MessageRecord> NewestFirst()
    {
        for (var i = Records.Count - 1; i >= 0; i--)
        {
            yield return Records[i];
        }
    }

    /// <summary>
    /// The provider's send call took the message. A report that came first is never undone. A
    /// report held for want of the message's id comes back to be applied (with
    /// <see cref="ApplyReport"/>) when it names the id now known, or when the answer named none;
    /// naming another, it was not Instasent's and is dropped.
    /// </summary>
    public static StatusReport? ApplyAccepted(MessageRecord record, string? providerId, DateTimeOffset now)
    {
        record.Attempts++;
        record.ProviderId ??= providerId;
        record.Text = null;
        if (record.Status == MessageStatus.Pending)
        {
            record.Error = null;
            Advance(record, MessageStatus.Accepted, now);
        }

        var held = record.HeldReport;
        record.HeldReport = null;
        return held is { } report && (record.ProviderId is null || string.Equals(record.ProviderId, report.ProviderId, StringComparison.Ordinal))
            ? report
            : null;
    }

    /// <summary>The provider refused the message for good: final, unless a report settled it first.</summary>
    public static void ApplyRefused(MessageRecord record, string? error, DateTimeOffset now)
    {
        // Instasent refused it, so no report of Instasent's can be about it.
        record.HeldReport = null;
        record.Attempts++;
        if (record.Status == MessageStatus.Pending)
        {
            record.Text = null;
            record.Error = error;
            Advance(record, MessageStatus.Refused, now);
        }
    }

    /// <summary>The provider could not be reached or asked to wait: still pending (resent later), with the reason.</summary>
    public static void ApplyTransient(MessageRecord record, string? error)
    {
        record.Attempts++;
        if (record.Status == MessageStatus.Pending)
        {
            record.Error = error;
        }
    }

    /// <summary>
    /// The provider's answer named the message neither accepted nor rejected. It stays pending
    /// (resent later with the same clientId) until <paramref name="retries"/> resends have also
    /// gone unaccounted; then it is refused (undelivered) with the reason. True when it gave up.
    /// A report that settled the message first is never undone.
    /// </summary>
    public static bool ApplyUnaccounted(MessageRecord record, string? error, int retries, DateTimeOffset now)
    {
        record.Attempts++;
        if (record.Status != MessageStatus.Pending)
        {
            return false;
        }

        record.UnaccountedAnswers++;
        if (record.UnaccountedAnswers <= retries)
        {
            record.Error = error;
            return false;
        }

        record.Text = null;
        record.Error = $"{error ?? "the provider's answer did not name the message"} ({record.UnaccountedAnswers.ToString(System.Globalization.CultureInfo.InvariantCulture)} times)";
        Advance(record, MessageStatus.Refused, now);
        return true;
    }

    /// <summary>
    /// Applies a report: ignored when the provider id contradicts the one recorded, unchanged
    /// when it says nothing new, else recorded with its effects (bounce, soft bounce, delivery) the first time.
    /// </summary>
    public static ReportEffects ApplyReport(MessageRecord record, StatusReport report, DateTimeOffset now)
    {
        // A stop is a reply, not news of this message (its id may be the reply's own): the owner
        // reads it as one (see InboundLog), and the message is left as it is.
        var status = report.Status.ToLowerInvariant();
        if (ProviderStatuses.Classify(status) == ProviderStatusClass.Stop)
        {
            return new(false, false, false);
        }

        if (record.ProviderId is not null && !string.Equals(record.ProviderId, report.ProviderId, StringComparison.Ordinal))
        {
            return ReportEffects.Ignore;
        }

        var target = TargetOf(status);
        if (record.ProviderId is null && record.Status == MessageStatus.Pending)
        {
            // The report beat our send call's answer, so the id it names cannot be checked yet (a
            // forged one would bounce the contact): it waits, unapplied, for the answer. Of several,
            // the furthest on is kept.
            if (record.HeldReport is { } held &&
                (held == report || MessageStatuses.Rank(TargetOf(held.Status.ToLowerInvariant())) > MessageStatuses.Rank(target)))
            {
                return new(false, false, false, Held: true);
            }

            record.HeldReport = report;
            return new(false, true, false, Held: true);
        }

        var changed = false;
        if (record.ProviderId is null)
        {
            // Instasent took the message without naming it (a resend refused as a duplicate): the
            // first report's id is the best there is.
            record.ProviderId = report.ProviderId;
            record.Text = null;
            changed = true;
        }

        bool bounce = false, softBounce = false, delivered = false;
        if (MessageStatuses.Rank(target) > MessageStatuses.Rank(record.Status) ||
            (record.Status == MessageStatus.Accepted && target == MessageStatus.Sent))
        {
            Advance(record, target, report.EventAt ?? now);
            record.ProviderStatus = status;
            record.Error = target == MessageStatus.Failed ? $"{status} (code {report.Code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"})" : null;
            if (target == MessageStatus.Delivered)
            {
                record.DeliveredAt = report.EventAt ?? now;
            }

            var kind = ProviderStatuses.Classify(status);
            bounce = kind == ProviderStatusClass.HardBounce;
            softBounce = kind == ProviderStatusClass.SoftBounce;
            delivered = target == MessageStatus.Delivered;
            changed = true;
        }
        else if (!MessageStatuses.IsFinal(record.Status) && record.ProviderStatus != status)
        {
            // Other non-final statuses are recorded as the provider said them.
            record.ProviderStatus = status;
            record.StatusAt = report.EventAt ?? now;
            changed = true;
        }

        return new(false, changed, bounce, softBounce, delivered);
    }

    private static MessageStatus TargetOf(string status) => ProviderStatuses.Classify(status) switch
    {
        ProviderStatusClass.Delivered => MessageStatus.Delivered,
        ProviderStatusClass.HardBounce or ProviderStatusClass.SoftBounce => MessageStatus.Failed,
        _ => MessageStatus.Sent,
    };

    private static void Advance(MessageRecord record, MessageStatus status, DateTimeOffset at)
    {
        record.Status = status;
        record.StatusAt = at;
    }
}
