using System.Globalization;
using System.Text.Json.Nodes;
using OrleansSms.Abstractions.Workflows;

namespace OrleansSms.Silo.Console.Workflows;

/// <summary>
/// What starts the workflow, as the trigger form holds it: an event type, a newsletter with an
/// optional field filter and an optional start time (typed in UTC), or manual.
/// </summary>
public sealed class TriggerForm
{
    /// <summary>How a start time is typed (an HTML <c>datetime-local</c> value), read as UTC.</summary>
    public static readonly string[] AtFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];

    private JsonObject? _original;
    private TriggerType? _originalType;

    public TriggerType Type { get; set; } = TriggerType.Event;

    public string EventType { get; set; } = "";

    /// <summary>The filter's contact field; with <see cref="FilterEquals"/> empty too, no filter.</summary>
    public string FilterField { get; set; } = "";

    public string FilterEquals { get; set; } = "";

    /// <summary>When the newsletter starts, UTC, <c>yyyy-MM-ddTHH:mm</c>; empty: when it is started.</summary>
    public string At { get; set; } = "";

    /// <summary>The paths the trigger form shows next to its controls.</summary>
    public static readonly string[] Shown =
        ["trigger", "trigger.type", "trigger.eventType", "trigger.filter", "trigger.filter.field", "trigger.filter.equals", "trigger.at"];

    /// <summary>The start time as the definition writes it (<c>2026-12-01T09:00:00Z</c>); text that reads as no time goes as typed, for the parser to refuse.</summary>
    public string? AtIso => At.Trim() is { Length: > 0 } at
        ? DateTime.TryParseExact(at, AtFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : at
        : null;

    /// <summary>A start time as typed, in the form's own shape (<c>2026-12-01T09:00</c>) when it reads as one; else as typed.</summary>
    public static string NormalizeAt(string at) =>
        DateTime.TryParseExact(at.Trim(), AtFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? FormatAt(new DateTimeOffset(time, TimeSpan.Zero))
            : at.Trim();

    /// <summary>A time as the form shows it: UTC, to the minute (to the second when it has seconds).</summary>
    public static string FormatAt(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return utc.ToString(utc.Second == 0 ? AtFormats[0] : AtFormats[1], CultureInfo.InvariantCulture);
    }

    internal void Read(JsonObject json)
    {
        _original = json;
        var type = WorkflowForm.Json.Text(json, "type");
        Type = type switch
        {
            "newsletter" => TriggerType.Newsletter,
            "manual" => TriggerType.Manual,
            _ => TriggerType.Event,
        };
        _originalType = Type;
        EventType = WorkflowForm.Json.Text(json, "eventType");
        if (json["filter"] is JsonObject filter)
        {
            FilterField = WorkflowForm.Json.Text(filter, "field");
            FilterEquals = WorkflowForm.Json.ScalarOrNull(filter, "equals") ?? "";
        }

        if (WorkflowForm.Json.TextOrNull(json, "at") is { } at)
        {
            At = DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant) ? FormatAt(instant) : at;
        }
    }

    internal JsonObject ToJson()
    {
        JsonObject json;
        string[] known;
        switch (Type)
        {
            case TriggerType.Newsletter:
                json = new JsonObject { ["type"] = "newsletter" };
                if (FilterField.Trim().Length > 0 || FilterEquals.Length > 0)
                {
                    json["filter"] = new JsonObject { ["field"] = FilterField.Trim(), ["equals"] = FilterEquals };
                }

                if (AtIso is { } at)
                {
                    json["at"] = at;
                }

                known = ["type", "filter", "at"];
                break;
            case TriggerType.Manual:
                json = new JsonObject { ["type"] = "manual" };
                known = ["type"];
                break;
            default:
                json = new JsonObject { ["type"] = "event", ["eventType"] = EventType.Trim() };
                known = ["type", "eventType"];
                break;
        }

        if (_originalType == Type)
        {
            WorkflowForm.Json.KeepOthers(json, _original, known);
        }

        return json;
    }

    /// <summary>"Event 'purchase'", "Newsletter", "Manual": how a list or a summary names it.</summary>
    public static string Describe(TriggerType type, string? eventType) => type switch
    {
        TriggerType.Event => $"Event '{eventType}'",
        TriggerType.Newsletter => "Newsletter",
        _ => "Manual",
    };
}
