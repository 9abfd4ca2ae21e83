using System.Text.Json.Nodes;
using OrleansSms.Abstractions.Workflows;

namespace OrleansSms.Silo.Console.Workflows;

/// <summary>A link of a node to the next: its property (<c>next</c>, <c>yes</c>, <c>no</c>), its label, and the key of the node it leads to (<c>""</c>: the run ends).</summary>
public sealed record NodeLink(string Property, string Label, string TargetKey);

/// <summary>One node of a <see cref="WorkflowForm"/>, edited by its own form.</summary>
public abstract class NodeForm(string key)
{
    private JsonObject? _original;

    /// <summary>The form's own name for the node: links and page elements use it, whatever the node's id becomes.</summary>
    public string Key { get; } = key;

    public string Id { get; set; } = "";

    public abstract NodeType Type { get; }

    /// <summary>The node's <c>type</c> in the definition: <c>sendSms</c>…</summary>
    public abstract string WireType { get; }

    /// <summary>"Send SMS", "Wait", "SMS Received", "Update contact".</summary>
    public string TypeName => NameOf(Type);

    /// <summary>The id a new node of this type gets (made unique by the form).</summary>
    public abstract string BaseId { get; }

    public abstract IReadOnlyList<NodeLink> Links { get; }

    /// <summary>A line for the diagram: what the node does, in short.</summary>
    public abstract string Summary { get; }

    /// <summary>The properties the form edits (the others are kept as saved).</summary>
    protected abstract IReadOnlyCollection<string> Known { get; }

    public static string NameOf(NodeType type) => type switch
    {
        NodeType.SendSms => "Send SMS",
        NodeType.Wait => "Wait",
        NodeType.SmsReceived => "SMS Received",
        NodeType.UpdateContact => "Update contact",
        _ => "Node",
    };

    /// <summary>Sets the link <paramref name="property"/> to <paramref name="targetKey"/>.</summary>
    public abstract void SetLink(string property, string targetKey);

    /// <summary>Ends every link of this node that leads to <paramref name="targetKey"/>.</summary>
    public void Unlink(string targetKey)
    {
        foreach (var link in Links.Where(l => l.TargetKey == targetKey).ToList())
        {
            SetLink(link.Property, "");
        }
    }

    /// <summary>The paths (under <paramref name="nodePath"/>, <c>nodes[i]</c>) that the node's form shows next to a control.</summary>
    public abstract IEnumerable<string> Shown(string nodePath);

    /// <summary>What the console finds wrong before the definition is even sent (see <see cref="WorkflowForm.LocalProblems"/>).</summary>
    public virtual IEnumerable<WorkflowProblemView> LocalProblems(string nodePath) => [];

    internal void Read(JsonObject json, Func<string?, string> keyOf)
    {
        _original = json;
        ReadFields(json, keyOf);
    }

    protected abstract void ReadFields(JsonObject json, Func<string?, string> keyOf);

    protected abstract void WriteFields(JsonObject json, Func<string, string?> idOf);

    internal JsonObject ToJson(Func<string, string?> idOf)
    {
        var json = new JsonObject { ["id"] = Id.Trim(), ["type"] = WireType };
        WriteFields(json, idOf);
        WorkflowForm.Json.KeepOthers(json, _original, Known);
        return json;
    }

    /// <summary>The JSON of a link: the target's id, or null (the run ends).</summary>
    protected static JsonNode? Link(Func<string, string?> idOf, string targetKey) => idOf(targetKey) is { } id ? JsonValue.Create(id) : null;
}

/// <summary>A node with one way on, <c>next</c>: Send SMS, Wait, Update contact.</summary>
public abstract class SingleNextNodeForm(string key) : NodeForm(key)
{
    public string NextKey { get; set; } = "";

    public override IReadOnlyList<NodeLink> Links => [new("next", "Next", NextKey)];

    public override void SetLink(string property, string targetKey)
    {
        if (property == "next")
        {
            NextKey = targetKey;
        }
    }
}
