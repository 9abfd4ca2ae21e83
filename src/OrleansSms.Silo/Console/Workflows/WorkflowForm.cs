using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansSms.Abstractions.Workflows;

namespace OrleansSms.Silo.Console.Workflows;

/// <summary>
/// A workflow definition as the editor's forms hold it: the name, the trigger, the start and the
/// nodes, built from a saved definition and turned back into one (docs/api.md, "Workflow
/// definition"). Nodes link to each other by a key of the form that never changes, so renaming a
/// node keeps its links and removing one ends the branches that led to it. What the forms do not
/// edit (properties a later version of the definition may add) is kept as it was saved. Nothing
/// is checked here: the definition goes to the workflow grain, which checks it the way the API's
/// PUT does and answers every problem by its path.
/// </summary>
public sealed class WorkflowForm
{
    private int _keys;

    public string Name { get; set; } = "";

    public TriggerForm Trigger { get; } = new();

    /// <summary>The key of the first node; <c>""</c> for none.</summary>
    public string StartKey { get; set; } = "";

    public List<NodeForm> Nodes { get; } = [];

    /// <summary>A new workflow's form: an event trigger and no nodes yet.</summary>
    public static WorkflowForm New(string name) => new() { Name = name };

    /// <summary>The form of a saved definition (its JSON text).</summary>
    public static WorkflowForm FromJson(string definitionJson)
    {
        var form = new WorkflowForm();
        if (JsonNode.Parse(definitionJson) is not JsonObject root)
        {
            return form;
        }

        form.Name = Json.Text(root, "name");
        if (root["trigger"] is JsonObject trigger)
        {
            form.Trigger.Read(trigger);
        }

        var read = new List<(NodeForm Node, JsonObject Json)>();
        if (root["nodes"] is JsonArray nodes)
        {
            foreach (var json in nodes.OfType<JsonObject>())
            {
                NodeForm? node = Json.Text(json, "type") switch
                {
                    SendSmsForm.Wire => new SendSmsForm(form.NextKey()),
                    WaitForm.Wire => new WaitForm(form.NextKey()),
                    SmsReceivedForm.Wire => new SmsReceivedForm(form.NextKey()),
                    UpdateContactForm.Wire => new UpdateContactForm(form.NextKey()),
                    _ => null,
                };
                if (node is not null)
                {
                    node.Id = Json.Text(json, "id");
                    form.Nodes.Add(node);
                    read.Add((node, json));
                }
            }
        }

        string KeyOf(string? id) => id is null ? "" : form.Nodes.FirstOrDefault(n => n.Id == id)?.Key ?? "";
        foreach (var (node, json) in read)
        {
            node.Read(json, KeyOf);
        }

        form.StartKey = KeyOf(Json.TextOrNull(root, "start"));
        return form;
    }

    /// <summary>The node with <paramref name="key"/>, or null.</summary>
    public NodeForm? ByKey(string key) => Nodes.FirstOrDefault(n => n.Key == key);

    /// <summary>
    /// Adds a node of <paramref name="type"/> at the end, under an id no node has (<c>send</c>,
    /// <c>send-2</c>…). The first node becomes the start; a node after one whose <c>next</c> is
    /// not set yet is linked from it.
    /// </summary>
    public NodeForm Add(NodeType type)
    {
        NodeForm node = type switch
        {
            NodeType.SendSms => new SendSmsForm(NextKey()),
            NodeType.Wait => new WaitForm(NextKey()),
            NodeType.SmsReceived => new SmsReceivedForm(NextKey()),
            NodeType.UpdateContact => new UpdateContactForm(NextKey()),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a node type"),
        };
        node.Id = FreeId(node.BaseId);
        var last = Nodes.LastOrDefault();
        Nodes.Add(node);
        if (StartKey.Length == 0 || ByKey(StartKey) is null)
        {
            StartKey = node.Key;
        }
        else if (last is SingleNextNodeForm { NextKey: "" } previous)
        {
            previous.NextKey = node.Key;
        }

        return node;
    }

    /// <summary>Removes a node: the links that led to it end the run instead; the start moves to the first node left.</summary>
    public void Remove(NodeForm node)
    {
        if (!Nodes.Remove(node))
        {
            return;
        }

        foreach (var other in Nodes)
        {
            other.Unlink(node.Key);
        }

        if (StartKey == node.Key)
        {
            StartKey = Nodes.FirstOrDefault()?.Key ?? "";
        }
    }

    /// <summary>The id a node key stands for now; null for <c>""</c> (the run ends) or a key of no node.</summary>
    public string? IdOf(string key) => key.Length == 0 ? null : ByKey(key)?.Id;

    /// <summary>The definition, in the shape docs/api.md gives.</summary>
    public JsonObject ToJson()
    {
        var nodes = new JsonArray();
        foreach (var node in Nodes)
        {
            nodes.Add(node.ToJson(IdOf));
        }

        return new JsonObject
        {
            ["name"] = Name,
            ["trigger"] = Trigger.ToJson(),
            ["start"] = IdOf(StartKey) ?? "",
            ["nodes"] = nodes,
        };
    }

    public string ToJsonText() => ToJson().ToJsonString();

    /// <summary>
    /// The problems the console itself finds before a save goes to the grain: a value the
    /// definition could not even carry as typed (a number field's value that is no number).
    /// </summary>
    public IReadOnlyList<WorkflowProblemView> LocalProblems()
    {
        var problems = new List<WorkflowProblemView>();
        for (var i = 0; i < Nodes.Count; i++)
        {
            problems.AddRange(Nodes[i].LocalProblems(ProblemPath.Node(i)));
        }

        return problems;
    }

    private string NextKey() => "n" + (++_keys).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string FreeId(string baseId)
    {
        var id = baseId;
        for (var n = 2; Nodes.Any(x => x.Id == id); n++)
        {
            id = $"{baseId}-{n}";
        }

        return id;
    }

    /// <summary>Small readers of a JSON object's properties.</summary>
    internal static class Json
    {
        public static string Text(JsonObject json, string name) => TextOrNull(json, name) ?? "";

        public static string? TextOrNull(JsonObject json, string name) =>
            json[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

        /// <summary>A scalar as text: a string as is, a number or boolean as written.</summary>
        public static string? ScalarOrNull(JsonObject json, string name) => json[name] is JsonValue value
            ? value.GetValueKind() switch
            {
                JsonValueKind.String => value.GetValue<string>(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
                _ => null,
            }
            : null;

        /// <summary>Copies the properties of <paramref name="original"/> that are not <paramref name="known"/> and not in <paramref name="into"/> yet.</summary>
        public static void KeepOthers(JsonObject into, JsonObject? original, IReadOnlyCollection<string> known)
        {
            if (original is null)
            {
                return;
            }

            foreach (var (name, value) in original)
            {
                if (!known.Contains(name) && !into.ContainsKey(name))
                {
                    into[name] = value?.DeepClone();
                }
            }
        }
    }
}
