namespace OrleansSms.Instasent;

/// <summary>
/// How often the client's circuit breaker has opened in this process (an Instasent outage: many
/// 5xx, timeouts or network errors; never 429s). A singleton, for tests and health checks.
/// </summary>
public sealed class InstasentCircuit
{
    private long _opened;

    /// <summary>Times the circuit opened since start.</summary>
    public long OpenedCount => Interlocked.Read(ref _opened);

    internal void Opened() => Interlocked.Increment(ref _opened);
}
