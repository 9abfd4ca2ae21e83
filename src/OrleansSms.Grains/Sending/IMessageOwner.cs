using OrleansSms.Domain.Sending;

namespace OrleansSms.Grains.Sending;

/// <summary>
/// A grain that owns messages (a contact, a store's alerts), as <see cref="MessageDispatcher"/>
/// sees it: its log and how its state is written.
/// </summary>
internal interface IMessageOwner
{
    /// <summary>The store whose connector sends the messages.</summary>
    string StoreId { get; }

    /// <summary>The log in the owner's state as it stands now (the state may have been read again).</summary>
    MessageLog Log { get; }

    /// <summary>Records kept at most (the oldest settled ones go first).</summary>
    int HistoryCapacity { get; }

    /// <summary>The store's SMS report counts this owner's messages (a contact's; not the store's alerts).</summary>
    bool CountsMessages { get; }

    /// <summary>Writes the state now (an owner that counts its messages counts their new steps first).</summary>
    Task PersistAsync();

    /// <summary>
    /// Writes the provider's acceptance when convenient (a resend after a crash is refused by the
    /// provider as a duplicate clientId, so nothing is sent twice).
    /// </summary>
    Task PersistSoonAsync();

    /// <summary>Completes when no write of the state is in flight.</summary>
    Task WhenIdleAsync();

    /// <summary>
    /// Applies a report that waited for the send's answer (see <see cref="MessageRecord.HeldReport"/>)
    /// as if it came now: the message, and the owner's own effects (a bounce, a count).
    /// </summary>
    Task ApplyReleasedReportAsync(MessageRecord record, StatusReport report);

    /// <summary>
    /// The store channel's <c>maxSegments</c>, asked only for a message of more than one segment
    /// whose caller did not bring the limit (a single segment fits any limit).
    /// </summary>
    Task<int> MaxSegmentsAsync();

    /// <summary>Makes sure unsettled messages are sent again later (the owner's reminder calls <see cref="MessageDispatcher.ResendUnsettledAsync"/>).</summary>
    Task ScheduleResendAsync();
}
