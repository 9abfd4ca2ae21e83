using System.Globalization;

namespace OrleansSms.Silo.Console.Workflows;

/// <summary>
/// The JSON paths a workflow definition's problems come under (<c>nodes[2].senderName</c>,
/// <c>nodes[0].variables.firstName.field</c>, <c>nodes[4].set['first name']</c>), written the way
/// the definition's parser and validator write them, so a form control can ask for its own.
/// </summary>
public static class ProblemPath
{
    /// <summary>The path of node <paramref name="index"/>: <c>nodes[2]</c>.</summary>
    public static string Node(int index) => $"nodes[{index.ToString(CultureInfo.InvariantCulture)}]";

    /// <summary>The path of property <paramref name="name"/> of the object at <paramref name="parent"/>: <c>a.b</c>, or <c>a['b c']</c> for a name that is not an identifier.</summary>
    public static string Prop(string parent, string name)
    {
        if (IsIdentifier(name))
        {
            return parent.Length == 0 ? name : $"{parent}.{name}";
        }

        var quoted = $"['{name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}']";
        return parent.Length == 0 ? "$" + quoted : parent + quoted;
    }

    /// <summary>The path of <paramref name="parent"/> followed by each of <paramref name="names"/>.</summary>
    public static string Prop(string parent, params string[] names) => names.Aggregate(parent, Prop);

    /// <summary>
    /// The index of the node a path is under (<c>nodes[2].senderName</c> → 2), or null for a path
    /// outside the nodes (<c>name</c>, <c>trigger.eventType</c>, <c>nodes</c> itself).
    /// </summary>
    public static int? NodeIndexOf(string path)
    {
        if (!path.StartsWith("nodes[", StringComparison.Ordinal))
        {
            return null;
        }

        var end = path.IndexOf(']', 6);
        return end > 6 && int.TryParse(path.AsSpan(6, end - 6), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : null;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="parent"/> or under it.</summary>
    public static bool IsUnder(string path, string parent) =>
        path == parent ||
        (path.Length > parent.Length && path.StartsWith(parent, StringComparison.Ordinal) && path[parent.Length] is '.' or '[');

    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
