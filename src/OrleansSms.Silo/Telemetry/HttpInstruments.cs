using System.Diagnostics.Metrics;
using OrleansSms.Grains.Telemetry;
using OrleansSms.Silo.Admission;

namespace OrleansSms.Silo.Telemetry;

/// <summary>
/// The silo's HTTP instruments, in the same Meter name as <see cref="SmsInstruments"/> (OpenTelemetry
/// subscribes by name, so they are exported with it). Tags are bounded enumerations only.
/// </summary>
public static class HttpInstruments
{
    public const string AdmissionRouteTag = "admission.route";

    private static readonly Meter Meter = new(SmsInstruments.MeterName, "1.0.0");

    private static readonly Counter<long> RejectedRequests = Meter.CreateCounter<long>(
        "orleanssms.http.rejected", "{request}",
        "Requests turned away by admission control (503 with Retry-After) because the silo had as many in flight and waiting as it takes, by route group.");

    /// <summary>A request admission control turned away.</summary>
    public static void Rejected(AdmissionRoute? route) =>
        RejectedRequests.Add(1, new KeyValuePair<string, object?>(AdmissionRouteTag, Name(route)));

    /// <summary>The tag's value: the route group in camel case (<c>workflowRuns</c>).</summary>
    public static string Name(AdmissionRoute? route) => route switch
    {
        AdmissionRoute.Events => "events",
        AdmissionRoute.Sends => "sends",
        AdmissionRoute.Alerts => "alerts",
        AdmissionRoute.WorkflowRuns => "workflowRuns",
        AdmissionRoute.Contacts => "contacts",
        AdmissionRoute.Imports => "imports",
        AdmissionRoute.Callbacks => "callbacks",
        _ => "other",
    };
}
