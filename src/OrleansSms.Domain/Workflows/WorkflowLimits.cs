using System.Globalization;

namespace OrleansSms.Domain.Workflows;

/// <summary>
/// The sizes and paces a saved definition must keep (the silo's <c>Workflows</c> settings): at most
/// <see cref="MaxNodes"/> nodes, and every loop passing a Wait of at least <see cref="MinLoopWait"/>.
/// Checked when a definition is saved, never when a stored version is read again: a version saved
/// under other settings still runs.
/// </summary>
public sealed record WorkflowLimits
{
    public const int DefaultMaxNodes = 200;

    public static readonly TimeSpan DefaultMinLoopWait = TimeSpan.FromMinutes(1);

    /// <summary>The defaults: 200 nodes, loops at most once a minute.</summary>
    public static WorkflowLimits Default { get; } = new();

    /// <summary>The most nodes a workflow may have.</summary>
    public int MaxNodes { get; init; } = DefaultMaxNodes;

    /// <summary>The shortest pause a loop may repeat at: every loop must pass a Wait at least this long.</summary>
    public TimeSpan MinLoopWait { get; init; } = DefaultMinLoopWait;

    /// <summary>The problem of a definition with <paramref name="count"/> nodes, or null when that many are allowed.</summary>
    public WorkflowProblem? NodesProblem(int count) => count <= MaxNodes
        ? null
        : new WorkflowProblem("nodes", string.Create(CultureInfo.InvariantCulture,
            $"has {count} nodes; a workflow may have at most {MaxNodes}"));
}
