namespace OrleansSms.Abstractions.Sending;

/// <summary>How a send ended for now (see <see cref="SendSmsResult"/>).</summary>
public enum SendStatus
{
    /// <summary>The provider accepted it.</summary>
    Sent = 0,

    /// <summary>The send rule said no, or the rendered text was too long; <see cref="SendSmsResult.SkipReason"/> says why. Nothing was recorded or sent.</summary>
    Skipped = 1,

    /// <summary>The provider refused it for good.</summary>
    Failed = 2,

    /// <summary>Recorded, but the provider could not be reached: it is retried by a reminder, never lost.</summary>
    Queued = 3,

    /// <summary>
    /// The idempotency key had recorded a different request (<see cref="SendSmsCommand.Fingerprint"/>):
    /// nothing was sent. Only a command that carries a fingerprint (the API's sends) gets it.
    /// </summary>
    KeyReused = 4,
}
