using System.Text.Json.Nodes;
using OrleansSms.Abstractions.Workflows;
using OrleansSms.Domain.Sending;
using OrleansSms.Domain.Workflows;

namespace OrleansSms.Silo.Console.Workflows;

/// <summary>Who a Send SMS node sends to.</summary>
public enum RecipientType
{
    /// <summary>The run's contact.</summary>
    Contact = 0,

    /// <summary>A fixed number (the shop's staff): <see cref="SendSmsForm.AlertPhone"/>.</summary>
    Alert = 1,
}

/// <summary>A variable of the node's SMS content: where its value comes from, and the fallback when that has none.</summary>
public sealed class VariableForm(string name)
{
    public string Name { get; } = name;

    public VariableSource From { get; set; } = VariableSource.Contact;

    /// <summary>The contact field or event property; a new variable takes the contact field of its own name.</summary>
    public string Source { get; set; } = name;

    /// <summary>Empty: no fallback (the variable renders empty when the source has no value).</summary>
    public string Fallback { get; set; } = "";

    /// <summary>Whether the selected content's text has the variable; a mapping of a variable it lacks does nothing.</summary>
    public bool InContent { get; set; }
}

/// <summary>
/// A Send SMS node: the SMS content, the recipient (the contact, or an alert phone), the kind,
/// the sender name and a mapping for each variable of the content's text.
/// </summary>
public sealed class SendSmsForm(string key) : SingleNextNodeForm(key)
{
    public const string Wire = "sendSms";

    private static readonly string[] KnownProperties = ["id", "type", "smsId", "recipient", "kind", "senderName", "variables", "next"];

    public override NodeType Type => NodeType.SendSms;

    public override string WireType => Wire;

    public override string BaseId => "send";

    protected override IReadOnlyCollection<string> Known => KnownProperties;

    public string SmsId { get; set; } = "";

    public RecipientType Recipient { get; set; } = RecipientType.Contact;

    public string AlertPhone { get; set; } = "";

    public SmsKind Kind { get; set; } = SmsKind.Transactional;

    public string SenderName { get; set; } = "";

    public List<VariableForm> Variables { get; } = [];

    public override string Summary =>
        $"{(SmsId.Length == 0 ? "no SMS chosen" : SmsId)} to {(Recipient == RecipientType.Alert ? "alert " + AlertPhone : "contact")}";

    /// <summary>
    /// What is wrong with the sender name as typed, checked by the rule the definition's validator
    /// applies (<see cref="SenderNames"/>); null when it is fine, and while nothing is typed yet.
    /// </summary>
    public string? SenderNameProblem => SenderName.Length == 0 ? null : SenderNames.Validate(SenderName) is { } error ? $"'{SenderName}' {error}" : null;

    /// <summary>
    /// The variables of the selected content (<paramref name="contentVariables"/>, from its
    /// <c>{{variables}}</c>): each gets a mapping (those it had keep theirs), in the text's order.
    /// With <paramref name="dropOthers"/> (another content was chosen) the mappings of variables
    /// the content lacks go; otherwise they stay, marked as not in the content.
    /// </summary>
    public void SyncVariables(IReadOnlyList<string> contentVariables, bool dropOthers)
    {
        var byName = Variables.ToDictionary(v => v.Name, StringComparer.Ordinal);
        var synced = new List<VariableForm>();
        foreach (var name in contentVariables)
        {
            var variable = byName.GetValueOrDefault(name) ?? new VariableForm(name);
            variable.InContent = true;
            synced.Add(variable);
        }

        if (!dropOthers)
        {
            foreach (var other in Variables.Where(v => !contentVariables.Contains(v.Name, StringComparer.Ordinal)))
            {
                other.InContent = false;
                synced.Add(other);
            }
        }

        Variables.Clear();
        Variables.AddRange(synced);
    }

    public override IEnumerable<string> Shown(string nodePath)
    {
        foreach (var name in new[] { "id", "smsId", "recipient", "kind", "senderName", "next", "variables" })
        {
            yield return ProblemPath.Prop(nodePath, name);
        }

        yield return ProblemPath.Prop(nodePath, "recipient", "type");
        yield return ProblemPath.Prop(nodePath, "recipient", "phone");
        foreach (var variable in Variables)
        {
            foreach (var path in VariablePaths(nodePath, variable))
            {
                yield return path;
            }
        }
    }

    /// <summary>The paths of one variable's mapping: the variable itself and its <c>from</c> (shown at its source), its field or property, its fallback.</summary>
    public static string[] VariablePaths(string nodePath, VariableForm variable)
    {
        var path = ProblemPath.Prop(nodePath, "variables", variable.Name);
        return [path, ProblemPath.Prop(path, "from"), ProblemPath.Prop(path, "field"), ProblemPath.Prop(path, "property"), ProblemPath.Prop(path, "fallback")];
    }

    protected override void ReadFields(JsonObject json, Func<string?, string> keyOf)
    {
        SmsId = WorkflowForm.Json.Text(json, "smsId");
        if (json["recipient"] is JsonObject recipient)
        {
            Recipient = WorkflowForm.Json.Text(recipient, "type") == "alert" ? RecipientType.Alert : RecipientType.Contact;
            AlertPhone = WorkflowForm.Json.Text(recipient, "phone");
        }

        Kind = WorkflowForm.Json.Text(json, "kind") == "newsletter" ? SmsKind.Newsletter : SmsKind.Transactional;
        SenderName = WorkflowForm.Json.Text(json, "senderName");
        Variables.Clear();
        if (json["variables"] is JsonObject variables)
        {
            foreach (var (name, value) in variables)
            {
                if (value is not JsonObject mapping)
                {
                    continue;
                }

                var from = WorkflowForm.Json.Text(mapping, "from") == "event" ? VariableSource.Event : VariableSource.Contact;
                Variables.Add(new VariableForm(name)
                {
                    From = from,
                    Source = WorkflowForm.Json.Text(mapping, from == VariableSource.Event ? "property" : "field"),
                    Fallback = WorkflowForm.Json.Text(mapping, "fallback"),
                    InContent = true,
                });
            }
        }

        NextKey = keyOf(WorkflowForm.Json.TextOrNull(json, "next"));
    }

    protected override void WriteFields(JsonObject json, Func<string, string?> idOf)
    {
        json["smsId"] = SmsId;
        json["recipient"] = Recipient == RecipientType.Alert
            ? new JsonObject { ["type"] = "alert", ["phone"] = AlertPhone.Trim() }
            : new JsonObject { ["type"] = "contact" };
        json["kind"] = Kind == SmsKind.Newsletter ? "newsletter" : "transactional";
        json["senderName"] = SenderName;
        var variables = new JsonObject();
        foreach (var variable in Variables)
        {
            var mapping = variable.From == VariableSource.Event
                ? new JsonObject { ["from"] = "event", ["property"] = variable.Source.Trim() }
                : new JsonObject { ["from"] = "contact", ["field"] = variable.Source.Trim() };
            if (variable.Fallback.Length > 0)
            {
                mapping["fallback"] = variable.Fallback;
            }

            variables[variable.Name] = mapping;
        }

        if (variables.Count > 0)
        {
            json["variables"] = variables;
        }
        json["next"] = Link(idOf, NextKey);
    }
}
