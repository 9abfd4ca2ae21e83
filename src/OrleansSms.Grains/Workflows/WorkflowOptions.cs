using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using OrleansSms.Domain.Workflows;

namespace OrleansSms.Grains.Workflows;

/// <summary>
/// The limits of workflows and their runs (section <c>Workflows</c>). A definition is checked
/// against them when it is saved; a version saved before a change keeps running. Validated at start.
/// </summary>
public sealed class WorkflowOptions
{
    public const string Section = "Workflows";

    /// <summary>The most nodes a workflow may have, 1 to 10,000. Default 200.</summary>
    [Range(1, 10_000)]
    public int MaxNodes { get; set; } = WorkflowLimits.DefaultMaxNodes;

    /// <summary>
    /// The shortest pause a loop may repeat at: every loop of a definition must pass a Wait at
    /// least this long, 1 s to 1 day. Default 1 minute.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MinLoopWait { get; set; } = WorkflowLimits.DefaultMinLoopWait;

    /// <summary>
    /// The newest steps a one-contact run keeps in its path, 10 to 1,000; older ones are dropped
    /// (the run's <c>steps</c> still counts them), so a run that loops for months keeps a small
    /// record. Default 100.
    /// </summary>
    [Range(10, 1_000)]
    public int RunPathSteps { get; set; } = 100;

    /// <summary>
    /// The newest runs a workflow's list of runs keeps, 100 to 10,000; an older run is still
    /// found by its id. The list is one record, written at most once a second. Default 1,000.
    /// </summary>
    [Range(100, 10_000)]
    public int ListedRuns { get; set; } = 1_000;

    public WorkflowLimits Limits => new() { MaxNodes = MaxNodes, MinLoopWait = MinLoopWait };
}

/// <summary>The source-generated DataAnnotations validator of <see cref="WorkflowOptions"/>.</summary>
[OptionsValidator]
public sealed partial class WorkflowOptionsValidator : IValidateOptions<WorkflowOptions>;
