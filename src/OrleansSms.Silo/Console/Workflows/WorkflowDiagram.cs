using System.Globalization;
using System.Text;
using OrleansSms.Abstractions.Workflows;

namespace OrleansSms.Silo.Console.Workflows;

/// <summary>What a box of the diagram stands for.</summary>
public enum DiagramBoxKind
{
    /// <summary>A node of the workflow.</summary>
    Node = 0,

    /// <summary>Where runs begin: it leads to the start node.</summary>
    Start = 1,

    /// <summary>Where a branch ends the run (a link to no node).</summary>
    End = 2,
}

/// <summary>A box of the diagram, placed: a node (its id, type and what it does), the start, or an end.</summary>
public sealed record DiagramBox(string Key, DiagramBoxKind Kind, NodeType Type, string Title, string Subtitle, string Detail, string FullText, double X, double Y, double Width, double Height)
{
    public double CenterX => X + (Width / 2);
}

/// <summary>An arrow between two boxes, as SVG path data, with its label (<c>yes</c>, <c>no</c>) placed at its middle.</summary>
public sealed record DiagramEdge(string FromKey, string ToKey, string? Label, string Path, double LabelX, double LabelY);

/// <summary>
/// The layout of a workflow's diagram, drawn as inline SVG by the editor: the nodes in rows by
/// their distance from the start (top to bottom), each branch in the order of its node's links
/// (yes left of no), a link to no node drawn to an End box, and a link back up (a loop) drawn
/// round the right side. Nodes the start does not reach come in rows below. Also says the same
/// in words (<see cref="Description"/>) for the image's accessible description.
/// </summary>
public sealed record WorkflowDiagram(IReadOnlyList<DiagramBox> Boxes, IReadOnlyList<DiagramEdge> Edges, double Width, double Height, string Description)
{
    public const double NodeWidth = 190;
    public const double NodeHeight = 64;
    public const double PillWidth = 72;
    public const double PillHeight = 30;
    public const double ColumnGap = 36;
    public const double RowGap = 56;
    public const double Margin = 16;
    public const double LoopGap = 36;
    public const int TitleCharacters = 24;
    public const int DetailCharacters = 30;

    public const string StartKey = "start";

    public static WorkflowDiagram Of(WorkflowForm form)
    {
        var byKey = form.Nodes.GroupBy(n => n.Key).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var rows = new List<List<Placed>>();
        var rowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var links = new List<(string From, string To, string? Label)>();

        void Put(Placed placed, int row)
        {
            while (rows.Count <= row)
            {
                rows.Add([]);
            }

            rows[row].Add(placed);
            rowOf[placed.Key] = row;
        }

        // Breadth first from the start, then from each node it does not reach, in the nodes' order.
        var queue = new Queue<NodeForm>();
        void Walk()
        {
            while (queue.Count > 0)
            {
                var node = queue.Dequeue();
                var row = rowOf[node.Key];
                foreach (var link in node.Links)
                {
                    var label = link.Property == "next" ? null : link.Property;
                    if (byKey.TryGetValue(link.TargetKey, out var target))
                    {
                        if (!rowOf.ContainsKey(target.Key))
                        {
                            Put(Placed.Of(target), row + 1);
                            queue.Enqueue(target);
                        }

                        links.Add((node.Key, target.Key, label));
                    }
                    else
                    {
                        var end = $"{node.Key}:{link.Property}";
                        Put(new Placed(end, DiagramBoxKind.End, NodeType.None, "End", "", "", "the run ends"), row + 1);
                        links.Add((node.Key, end, label));
                    }
                }
            }
        }

        if (byKey.TryGetValue(form.StartKey, out var start))
        {
            Put(new Placed(StartKey, DiagramBoxKind.Start, NodeType.None, "Start", "", "", "start"), 0);
            Put(Placed.Of(start), 1);
            links.Add((StartKey, start.Key, null));
            queue.Enqueue(start);
            Walk();
        }

        foreach (var node in form.Nodes)
        {
            if (!rowOf.ContainsKey(node.Key))
            {
                Put(Placed.Of(node), rows.Count);
                queue.Enqueue(node);
                Walk();
            }
        }

        // Rows centred on the widest.
        double RowWidth(List<Placed> row) => row.Sum(p => p.Width) + (ColumnGap * Math.Max(0, row.Count - 1));
        var widest = rows.Count == 0 ? 0 : rows.Max(RowWidth);
        var boxes = new Dictionary<string, DiagramBox>(StringComparer.Ordinal);
        var ordered = new List<DiagramBox>();
        for (var r = 0; r < rows.Count; r++)
        {
            var x = Margin + ((widest - RowWidth(rows[r])) / 2);
            var top = Margin + (r * (NodeHeight + RowGap));
            foreach (var placed in rows[r])
            {
                var box = new DiagramBox(placed.Key, placed.Kind, placed.Type, placed.Title, placed.Subtitle, placed.Detail, placed.FullText,
                    x, top + ((NodeHeight - placed.Height) / 2), placed.Width, placed.Height);
                boxes[placed.Key] = box;
                ordered.Add(box);
                x += placed.Width + ColumnGap;
            }
        }

        var right = Margin + widest;
        var edges = new List<DiagramEdge>();
        var loops = 0;
        foreach (var (from, to, label) in links)
        {
            var (a, b) = (boxes[from], boxes[to]);
            if (rowOf[to] > rowOf[from])
            {
                // Down: from the bottom of one box to the top of the other.
                var (sx, sy, tx, ty) = (a.CenterX, a.Y + a.Height, b.CenterX, b.Y);
                var dy = (ty - sy) / 2;
                edges.Add(new DiagramEdge(from, to, label, $"M {N(sx)} {N(sy)} C {N(sx)} {N(sy + dy)}, {N(tx)} {N(ty - dy)}, {N(tx)} {N(ty)}", (sx + tx) / 2, (sy + ty) / 2));
            }
            else
            {
                // Back up (a loop) or across: round the right side of the diagram.
                loops++;
                var cx = right + (LoopGap * loops);
                var sx = a.X + a.Width;
                var tx = b.X + b.Width;
                var sy = a.Y + (a.Height * (from == to ? 0.3 : 0.5));
                var ty = b.Y + (b.Height * (from == to ? 0.7 : 0.5));
                edges.Add(new DiagramEdge(from, to, label, $"M {N(sx)} {N(sy)} C {N(cx)} {N(sy)}, {N(cx)} {N(ty)}, {N(tx)} {N(ty)}",
                    (sx + (6 * cx) + tx) / 8, (sy + ty) / 2));
            }
        }

        var width = right + (LoopGap * loops) + Margin + (loops > 0 ? Margin : 0);
        var height = rows.Count == 0 ? 2 * Margin : Margin + (rows.Count * NodeHeight) + ((rows.Count - 1) * RowGap) + Margin;
        return new WorkflowDiagram(ordered, edges, Math.Max(width, 2 * Margin), height, Describe(form, byKey));
    }

    /// <summary>The diagram in words: where runs start, and where each node leads.</summary>
    private static string Describe(WorkflowForm form, Dictionary<string, NodeForm> byKey)
    {
        if (form.Nodes.Count == 0)
        {
            return "The workflow has no nodes yet.";
        }

        string Name(string key) => byKey.TryGetValue(key, out var node) ? $"'{node.Id}'" : "the end of the run";
        var text = new StringBuilder();
        text.Append(byKey.ContainsKey(form.StartKey) ? $"Starts at {Name(form.StartKey)}." : "No start node is chosen.");
        foreach (var node in form.Nodes)
        {
            text.Append(CultureInfo.InvariantCulture, $" '{node.Id}' ({node.TypeName}: {node.Summary})");
            text.Append(node.Links.Count == 1
                ? $" leads to {Name(node.Links[0].TargetKey)}."
                : ": " + string.Join("; ", node.Links.Select(l => $"{l.Property} leads to {Name(l.TargetKey)}")) + ".");
        }

        return text.ToString();
    }

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>Text cut to <paramref name="max"/> characters, an ellipsis marking the cut.</summary>
    public static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private sealed record Placed(string Key, DiagramBoxKind Kind, NodeType Type, string Title, string Subtitle, string Detail, string FullText)
    {
        public double Width => Kind == DiagramBoxKind.Node ? NodeWidth : PillWidth;

        public double Height => Kind == DiagramBoxKind.Node ? NodeHeight : PillHeight;

        public static Placed Of(NodeForm node)
        {
            var id = node.Id.Length == 0 ? "(no id)" : node.Id;
            return new Placed(node.Key, DiagramBoxKind.Node, node.Type, Cut(id, TitleCharacters), node.TypeName, Cut(node.Summary, DetailCharacters),
                $"{id} ({node.TypeName}): {node.Summary}");
        }
    }
}
