namespace OrleansSms.Domain.Webhooks;

/// <summary>How a webhook's failed deliveries are retried: exponential backoff with jitter, for a bounded time.</summary>
/// <param name="BaseDelay">The wait after the first failed attempt (before jitter).</param>
/// <param name="MaxDelay">The longest wait between two attempts (before jitter).</param>
/// <param name="RetryFor">How long after its first attempt an event is still tried; an attempt that would come later is not made.</param>
public sealed record WebhookRetryPolicy(TimeSpan BaseDelay, TimeSpan MaxDelay, TimeSpan RetryFor)
{
    /// <summary>The jitter: each wait is its nominal value times a factor from 0.8 to 1.2.</summary>
    public const double Jitter = 0.2;

    /// <summary>
    /// The wait after <paramref name="failedAttempts"/> failed attempts (1 or more): <see cref="BaseDelay"/>
    /// doubled for each attempt after the first, capped at <see cref="MaxDelay"/>, then times
    /// 0.8–1.2 by <paramref name="random"/> (0 ≤ random &lt; 1), so that the events that failed
    /// together (an endpoint that went down) do not all come back at the same instant.
    /// </summary>
    public TimeSpan Delay(int failedAttempts, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        var nominal = NominalDelay(failedAttempts);
        var factor = 1 - Jitter + (2 * Jitter * Math.Clamp(random, 0, 1));
        return TimeSpan.FromTicks((long)(nominal.Ticks * factor));
    }

    /// <summary>The wait before jitter: <see cref="BaseDelay"/> × 2^(attempts − 1), at most <see cref="MaxDelay"/>.</summary>
    public TimeSpan NominalDelay(int failedAttempts)
    {
        var doublings = Math.Min(failedAttempts - 1, 40);
        var ticks = BaseDelay.Ticks * Math.Pow(2, doublings);
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>
    /// When to try again an event first tried at <paramref name="firstAttemptAt"/> that has now
    /// failed <paramref name="failedAttempts"/> times; null when that would be past
    /// <see cref="RetryFor"/>: the event is given up.
    /// </summary>
    public DateTimeOffset? NextAttempt(DateTimeOffset firstAttemptAt, DateTimeOffset now, int failedAttempts, double random)
    {
        var next = now + Delay(failedAttempts, random);
        return next - firstAttemptAt > RetryFor ? null : next;
    }
}
