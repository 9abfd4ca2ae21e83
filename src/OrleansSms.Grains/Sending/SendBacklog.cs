using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OrleansSms.Grains.Telemetry;

namespace OrleansSms.Grains.Sending;

/// <summary>
/// The silo's send backlog: messages recorded as pending by the contacts and alert grains active
/// here that Instasent has not yet taken (queued at the connector, or waiting for a resend after
/// a failure or an outage), in all and per store. Exported as the gauge <c>orleanssms.sms.backlog</c>
/// (the cluster's backlog is the sum over silos); each store's share goes to its
/// <see cref="Abstractions.Sending.IStoreBacklogGrain"/> through <see cref="SendBacklogReporter"/>,
/// which the console and <c>GET …/reports/backlog</c> read.
/// </summary>
/// <remarks>
/// Each owner's dispatcher reports the change in its own pending count after it acts, and takes
/// its whole count back when the activation ends, so the figure follows activations across silos
/// (a contact with a pending message keeps its resend reminder, which reactivates it). It is a
/// gauge of what is in memory, not a durable tally: a silo that dies takes its share with it
/// until the reminders bring those contacts back elsewhere.
/// </remarks>
public sealed class SendBacklog
{
    private readonly ConcurrentDictionary<string, StoreShare> _stores = new(StringComparer.Ordinal);
    private long _pending;

    public SendBacklog(IMeterFactory meters)
    {
        var meter = meters.Create(SmsInstruments.MeterName);
        meter.CreateObservableUpDownCounter(
            "orleanssms.sms.backlog", () => Pending, "{message}",
            "Messages pending in this silo's activations that Instasent has not taken yet.");
    }

    /// <summary>Messages pending now.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>The messages of <paramref name="storeId"/> pending here now.</summary>
    public int PendingOf(string storeId) => _stores.TryGetValue(storeId, out var share) ? Volatile.Read(ref share.Pending) : 0;

    internal void Adjust(string storeId, int delta)
    {
        Interlocked.Add(ref _pending, delta);

        // Shares are kept once made (a silo serves a bounded number of stores), so an adjustment never lands on a removed one.
        var share = _stores.GetOrAdd(storeId, static _ => new StoreShare());
        Interlocked.Add(ref share.Pending, delta);
        Volatile.Write(ref share.Changed, 1);
    }

    /// <summary>
    /// The shares to report now: each store with messages pending here (its report keeps the
    /// share alive) or whose count changed since the last report (a drop to zero is told once).
    /// </summary>
    internal List<(string StoreId, int Pending)> TakeReport()
    {
        var report = new List<(string, int)>();
        foreach (var (storeId, share) in _stores)
        {
            var changed = Interlocked.Exchange(ref share.Changed, 0) == 1;
            var pending = Volatile.Read(ref share.Pending);
            if (pending != 0 || changed)
            {
                report.Add((storeId, pending));
            }
        }

        return report;
    }

    /// <summary>A report of <paramref name="storeId"/> did not arrive: it is sent again at the next tick.</summary>
    internal void ReportFailed(string storeId)
    {
        if (_stores.TryGetValue(storeId, out var share))
        {
            Volatile.Write(ref share.Changed, 1);
        }
    }

    private sealed class StoreShare
    {
        public int Pending;
        public int Changed;
    }
}
