using System.Text.Json.Nodes;
using OrleansSms.Abstractions.Workflows;

namespace OrleansSms.Silo.Console.Workflows;

/// <summary>A Wait node: a durable pause of a duration.</summary>
public sealed class WaitForm(string key) : SingleNextNodeForm(key)
{
    public const string Wire = "wait";

    private static readonly string[] KnownProperties = ["id", "type", "duration", "next"];

    public override NodeType Type => NodeType.Wait;

    public override string WireType => Wire;

    public override string BaseId => "wait";

    protected override IReadOnlyCollection<string> Known => KnownProperties;

    public DurationForm Duration { get; private set; } = new(1, DurationUnit.Hours);

    public override string Summary => Duration.Describe();

    public override IEnumerable<string> Shown(string nodePath) =>
        [ProblemPath.Prop(nodePath, "id"), ProblemPath.Prop(nodePath, "duration"), ProblemPath.Prop(nodePath, "next")];

    protected override void ReadFields(JsonObject json, Func<string?, string> keyOf)
    {
        Duration = DurationForm.FromIso(WorkflowForm.Json.TextOrNull(json, "duration"));
        NextKey = keyOf(WorkflowForm.Json.TextOrNull(json, "next"));
    }

    protected override void WriteFields(JsonObject json, Func<string, string?> idOf)
    {
        json["duration"] = Duration.ToIso();
        json["next"] = Link(idOf, NextKey);
    }
}
