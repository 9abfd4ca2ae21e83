namespace OrleansSms.InstasentSimulator;

/// <summary>What a request on Instasent's routes meets before it is served.</summary>
internal enum FaultKind { None, Status429, Status500, Status402, Timeout, Status503 }

/// <summary>Holds the faults in force and counts those injected.</summary>
internal sealed class FaultInjector(SimulatorOptions options)
{
    private volatile SimulatorFaults _faults = options.Faults;
    private long _status429;
    private long _status500;
    private long _status402;
    private long _timeouts;
    private long _status503;

    public SimulatorFaults Current
    {
        get => _faults;
        set => _faults = value;
    }

    public TimeSpan TimeoutHold => options.TimeoutFaultHold;

    public SimulatorFaultStats Stats => new(
        Interlocked.Read(ref _status429), Interlocked.Read(ref _status500),
        Interlocked.Read(ref _status402), Interlocked.Read(ref _timeouts), Interlocked.Read(ref _status503));

    /// <summary>Draws the fault of one request (and counts it).</summary>
    public FaultKind Draw(SimulatorFaults faults)
    {
        var roll = Random.Shared.NextDouble();
        if ((roll -= faults.Status429Rate) < 0)
        {
            Interlocked.Increment(ref _status429);
            return FaultKind.Status429;
        }

        if ((roll -= faults.Status500Rate) < 0)
        {
            Interlocked.Increment(ref _status500);
            return FaultKind.Status500;
        }

        if ((roll -= faults.Status503Rate) < 0)
        {
            Interlocked.Increment(ref _status503);
            return FaultKind.Status503;
        }

        if ((roll -= faults.Status402Rate) < 0)
        {
            Interlocked.Increment(ref _status402);
            return FaultKind.Status402;
        }

        if ((roll -= faults.TimeoutRate) < 0)
        {
            Interlocked.Increment(ref _timeouts);
            return FaultKind.Timeout;
        }

        return FaultKind.None;
    }
}
