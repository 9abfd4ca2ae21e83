using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansSms.Abstractions.Workflows;

namespace OrleansSms.Silo.Console.Workflows;

/// <summary>The JSON type a field set by an Update contact node is written as.</summary>
public enum FieldValueType
{
    Text = 0,
    Number = 1,
    Boolean = 2,

    /// <summary>Clears the field (<c>null</c>).</summary>
    Clear = 3,
}

/// <summary>One field an Update contact node sets.</summary>
public sealed class FieldSetForm
{
    public string Field { get; set; } = "";

    public FieldValueType ValueType { get; set; } = FieldValueType.Text;

    /// <summary>The value as typed; for a boolean <c>true</c> or <c>false</c>.</summary>
    public string Value { get; set; } = "";
}

/// <summary>An Update contact node: sets contact fields (a system status, or custom fields).</summary>
public sealed class UpdateContactForm(string key) : SingleNextNodeForm(key)
{
    public const string Wire = "updateContact";

    private static readonly string[] KnownProperties = ["id", "type", "set", "next"];

    public override NodeType Type => NodeType.UpdateContact;

    public override string WireType => Wire;

    public override string BaseId => "update";

    protected override IReadOnlyCollection<string> Known => KnownProperties;

    public List<FieldSetForm> Set { get; } = [];

    public override string Summary => Set.Count == 0 ? "sets nothing" : "sets " + string.Join(", ", Set.Select(s => s.Field));

    /// <summary>The path of a field's value: <c>nodes[i].set.city</c>.</summary>
    public static string FieldPath(string nodePath, FieldSetForm field) => ProblemPath.Prop(nodePath, "set", field.Field.Trim());

    public override IEnumerable<string> Shown(string nodePath) =>
        [ProblemPath.Prop(nodePath, "id"), ProblemPath.Prop(nodePath, "set"), ProblemPath.Prop(nodePath, "next"), .. Set.Select(f => FieldPath(nodePath, f))];

    public override IEnumerable<WorkflowProblemView> LocalProblems(string nodePath)
    {
        foreach (var field in Set)
        {
            if (field.ValueType == FieldValueType.Number && !TryNumber(field.Value, out _))
            {
                yield return new WorkflowProblemView(FieldPath(nodePath, field), $"'{field.Value}' is not a number (e.g. 42 or 3.5).");
            }
        }
    }

    protected override void ReadFields(JsonObject json, Func<string?, string> keyOf)
    {
        Set.Clear();
        if (json["set"] is JsonObject set)
        {
            foreach (var (field, value) in set)
            {
                var kind = value?.GetValueKind() ?? JsonValueKind.Null;
                Set.Add(new FieldSetForm
                {
                    Field = field,
                    ValueType = kind switch
                    {
                        JsonValueKind.Number => FieldValueType.Number,
                        JsonValueKind.True or JsonValueKind.False => FieldValueType.Boolean,
                        JsonValueKind.Null => FieldValueType.Clear,
                        _ => FieldValueType.Text,
                    },
                    Value = kind switch
                    {
                        JsonValueKind.String => value!.GetValue<string>(),
                        JsonValueKind.Null => "",
                        _ => value!.ToJsonString(),
                    },
                });
            }
        }

        NextKey = keyOf(WorkflowForm.Json.TextOrNull(json, "next"));
    }

    protected override void WriteFields(JsonObject json, Func<string, string?> idOf)
    {
        var set = new JsonObject();
        foreach (var field in Set)
        {
            set[field.Field.Trim()] = field.ValueType switch
            {
                FieldValueType.Number when TryNumber(field.Value, out var number) => JsonValue.Create(number),
                FieldValueType.Boolean => JsonValue.Create(string.Equals(field.Value, "true", StringComparison.OrdinalIgnoreCase)),
                FieldValueType.Clear => null,
                _ => JsonValue.Create(field.Value),
            };
        }

        json["set"] = set;
        json["next"] = Link(idOf, NextKey);
    }

    private static bool TryNumber(string text, out decimal number) =>
        decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
}
