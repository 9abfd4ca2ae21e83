using System.Diagnostics.Metrics;
using OrleansSms.Grains.Telemetry;

namespace OrleansSms.Grains.Sending;

/// <summary>
/// The silo's send backlog: messages recorded as pending by the contacts and alert grains active
/// here that Instasent has not yet taken (queued at the connector, or waiting for a resend after
/// a failure or an outage). Exported as the gauge <c>orleanssms.sms.backlog</c>; the cluster's
/// backlog is the sum over silos.
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

    internal void Adjust(int delta) => Interlocked.Add(ref _pending, delta);
}
