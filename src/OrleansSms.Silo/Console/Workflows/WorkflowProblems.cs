using OrleansSms.Abstractions.Workflows;

namespace OrleansSms.Silo.Console.Workflows;

/// <summary>
/// A save's problems as the workflow grain answered them (the same list <c>PUT …/workflows/{id}</c>
/// answers as 400), by path: each form control shows those of its own paths, each node those of
/// its paths that no control of it shows, and the page the rest, so every problem is shown once.
/// </summary>
public sealed class WorkflowProblems
{
    private IReadOnlyList<WorkflowProblemView> _all = [];

    public IReadOnlyList<WorkflowProblemView> All => _all;

    public bool Any => _all.Count > 0;

    public void Show(IEnumerable<WorkflowProblemView> problems) => _all = [.. problems];

    public void Clear() => _all = [];

    /// <summary>Drops the problems at <paramref name="paths"/>: their field was changed since the save that found them.</summary>
    public void Forget(params string[] paths) => _all = [.. _all.Where(p => !paths.Contains(p.Path, StringComparer.Ordinal))];

    /// <summary>True when a problem is under exactly one of <paramref name="paths"/>.</summary>
    public bool Has(params string[] paths) => _all.Any(p => paths.Contains(p.Path, StringComparer.Ordinal));

    /// <summary>The messages under exactly <paramref name="paths"/>, joined; null when there is none.</summary>
    public string? Of(params string[] paths)
    {
        var messages = _all.Where(p => paths.Contains(p.Path, StringComparer.Ordinal)).Select(p => p.Message).ToList();
        return messages.Count == 0 ? null : string.Join(" ", messages);
    }

    /// <summary>
    /// The problems under <paramref name="parent"/> that are not at one of <paramref name="shown"/>
    /// (the paths its controls show): what the section shows at its top.
    /// </summary>
    public IReadOnlyList<WorkflowProblemView> Unshown(string parent, IEnumerable<string> shown)
    {
        var claimed = shown.ToHashSet(StringComparer.Ordinal);
        return [.. _all.Where(p => ProblemPath.IsUnder(p.Path, parent) && !claimed.Contains(p.Path))];
    }

    /// <summary>
    /// The problems under none of the sections (<c>name</c>, <c>start</c>, <c>trigger</c>, each
    /// node of <paramref name="nodeCount"/>): a problem of the whole definition (<c>nodes</c>, <c>$</c>).
    /// </summary>
    public IReadOnlyList<WorkflowProblemView> General(int nodeCount) =>
        [.. _all.Where(p =>
            p.Path is not ("name" or "start") &&
            !ProblemPath.IsUnder(p.Path, "trigger") &&
            !(ProblemPath.NodeIndexOf(p.Path) is { } index && index < nodeCount))];
}
