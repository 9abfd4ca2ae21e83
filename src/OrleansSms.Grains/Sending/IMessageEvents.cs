using OrleansSms.Domain.Sending;

namespace OrleansSms.Grains.Sending;

/// <summary>
/// What <see cref="MessageDispatcher"/> tells its owner of a message's transitions besides
/// recording them (a contact turns them into webhook events); alerts have no listener.
/// </summary>
internal interface IMessageEvents
{
    /// <summary>A send rendered too long and was skipped; nothing was recorded.</summary>
    void Skipped(MessageDraft draft, SkipReason reason, string? detail);

    /// <summary>
    /// <paramref name="record"/> left <see cref="MessageStatus.Pending"/>: the provider took it, refused
    /// it, or it was withdrawn. Completes once the transition may be written (the owner's outbox is
    /// recoverable).
    /// </summary>
    Task SettledAsync(MessageRecord record);
}
