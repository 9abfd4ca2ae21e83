using System.Globalization;
using System.Text.Json.Nodes;
using OrleansSms.Abstractions.Workflows;
using OrleansSms.Domain.Workflows;

namespace OrleansSms.Silo.Console.Workflows;

/// <summary>The period an SMS Received node looks at.</summary>
public enum WindowMode
{
    /// <summary>The last minutes, hours or days before the check.</summary>
    Last = 0,

    /// <summary>From a date (or a date-time) to the check.</summary>
    Since = 1,

    /// <summary>One calendar day (UTC).</summary>
    On = 2,
}

/// <summary>
/// An SMS Received node, a condition: has the contact received a specific SMS content (or any),
/// how many times, of which kind, within which window; yes and no lead on.
/// </summary>
public sealed class SmsReceivedForm(string key) : NodeForm(key)
{
    public const string Wire = "smsReceived";

    private static readonly string[] KnownProperties = ["id", "type", "smsId", "kind", "count", "window", "yes", "no"];

    public override NodeType Type => NodeType.SmsReceived;

    public override string WireType => Wire;

    public override string BaseId => "check";

    protected override IReadOnlyCollection<string> Known => KnownProperties;

    /// <summary>The content counted; <c>""</c>: any SMS.</summary>
    public string SmsId { get; set; } = "";

    public SmsKindFilter Kind { get; set; } = SmsKindFilter.Any;

    public CountOperator CountOp { get; set; } = CountOperator.AtLeast;

    public int CountValue { get; set; } = 1;

    public WindowMode Window { get; set; } = WindowMode.Last;

    public DurationForm Last { get; private set; } = new(1, DurationUnit.Days);

    /// <summary>The date of a since or on window (<c>yyyy-MM-dd</c>; since may also hold a date-time with a zone).</summary>
    public string Date { get; set; } = "";

    public string YesKey { get; set; } = "";

    public string NoKey { get; set; } = "";

    public override IReadOnlyList<NodeLink> Links => [new("yes", "Yes", YesKey), new("no", "No", NoKey)];

    public static string OpText(CountOperator op) => op switch
    {
        CountOperator.Exactly => "=",
        CountOperator.AtMost => "<=",
        _ => ">=",
    };

    public static string KindText(SmsKindFilter kind) => kind switch
    {
        SmsKindFilter.Transactional => "transactional",
        SmsKindFilter.Newsletter => "newsletter",
        _ => "any",
    };

    public override string Summary =>
        $"{(SmsId.Length == 0 ? "any SMS" : SmsId)} {OpText(CountOp)} {CountValue.ToString(CultureInfo.InvariantCulture)}, " +
        Window switch
        {
            WindowMode.Since => $"since {Date}",
            WindowMode.On => $"on {Date}",
            _ => $"last {Last.Describe()}",
        };

    public override void SetLink(string property, string targetKey)
    {
        switch (property)
        {
            case "yes":
                YesKey = targetKey;
                break;
            case "no":
                NoKey = targetKey;
                break;
        }
    }

    public override IEnumerable<string> Shown(string nodePath)
    {
        foreach (var name in new[] { "id", "smsId", "kind", "count", "window", "yes", "no" })
        {
            yield return ProblemPath.Prop(nodePath, name);
        }

        yield return ProblemPath.Prop(nodePath, "count", "op");
        yield return ProblemPath.Prop(nodePath, "count", "value");
        yield return ProblemPath.Prop(nodePath, "window", "last");
        yield return ProblemPath.Prop(nodePath, "window", "since");
        yield return ProblemPath.Prop(nodePath, "window", "on");
    }

    protected override void ReadFields(JsonObject json, Func<string?, string> keyOf)
    {
        SmsId = WorkflowForm.Json.Text(json, "smsId");
        Kind = WorkflowForm.Json.Text(json, "kind") switch
        {
            "transactional" => SmsKindFilter.Transactional,
            "newsletter" => SmsKindFilter.Newsletter,
            _ => SmsKindFilter.Any,
        };
        if (json["count"] is JsonObject count)
        {
            CountOp = WorkflowForm.Json.Text(count, "op") switch
            {
                "=" => CountOperator.Exactly,
                "<=" => CountOperator.AtMost,
                _ => CountOperator.AtLeast,
            };
            CountValue = count["value"] is JsonValue value && value.TryGetValue<int>(out var n) ? n : 0;
        }

        if (json["window"] is JsonObject window)
        {
            if (WorkflowForm.Json.TextOrNull(window, "since") is { } since)
            {
                (Window, Date) = (WindowMode.Since, since);
            }
            else if (WorkflowForm.Json.TextOrNull(window, "on") is { } on)
            {
                (Window, Date) = (WindowMode.On, on);
            }
            else
            {
                (Window, Last) = (WindowMode.Last, DurationForm.FromIso(WorkflowForm.Json.TextOrNull(window, "last")));
            }
        }

        YesKey = keyOf(WorkflowForm.Json.TextOrNull(json, "yes"));
        NoKey = keyOf(WorkflowForm.Json.TextOrNull(json, "no"));
    }

    protected override void WriteFields(JsonObject json, Func<string, string?> idOf)
    {
        if (SmsId.Length > 0)
        {
            json["smsId"] = SmsId;
        }

        json["kind"] = KindText(Kind);
        json["count"] = new JsonObject { ["op"] = OpText(CountOp), ["value"] = CountValue };
        json["window"] = Window switch
        {
            WindowMode.Since => new JsonObject { ["since"] = Date.Trim() },
            WindowMode.On => new JsonObject { ["on"] = Date.Trim() },
            _ => new JsonObject { ["last"] = Last.ToIso() },
        };
        json["yes"] = Link(idOf, YesKey);
        json["no"] = Link(idOf, NoKey);
    }
}
