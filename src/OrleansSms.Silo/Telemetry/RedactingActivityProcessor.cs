using System.Diagnostics;
using OpenTelemetry;

namespace OrleansSms.Silo.Telemetry;

/// <summary>
/// The last line before export: any span still holding a secret-bearing path (a source whose
/// instrumentation has no enrich hook) is redacted when it ends. The instrumentations' own hooks
/// (<see cref="TelemetryExtensions"/>) already redact while the span is live, so other listeners
/// see it clean too.
/// </summary>
internal sealed class RedactingActivityProcessor : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data) => SecretRedaction.Redact(data);
}
