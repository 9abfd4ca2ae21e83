using Orleans.Concurrency;

namespace OrleansSms.Abstractions.Workflows;

/// <summary>
/// One workflow of one store (key: <see cref="WorkflowKey"/>), versioned on every save. It
/// validates what it saves, starts its runs and finds them again.
/// </summary>
public interface IWorkflowGrain : IGrainWithStringKey
{
    [ReadOnly]
    Task<WorkflowInfo?> GetAsync();

    /// <summary>The current version's name, trigger and state, without its definition; null when never saved.</summary>
    [ReadOnly]
    Task<WorkflowSummary?> GetSummaryAsync();

    /// <summary>
    /// Parses and validates a definition (against the store's SMS contents) and saves it as the
    /// next version; an active workflow stays active on the new version. Answers every problem
    /// at once and saves nothing when there is one.
    /// </summary>
    Task<WorkflowSaveResult> SaveAsync(string definitionJson);

    /// <summary>The definition of <paramref name="version"/>, kept for the runs that started on it (after a delete too).</summary>
    [ReadOnly]
    Task<string?> GetVersionAsync(int version);

    /// <summary>
    /// Activates or deactivates (<see cref="WorkflowActivation.Workflow"/> null when there is no
    /// such workflow). An activation is refused, and the workflow left inactive, while an SMS
    /// content its current version names does not exist (<see cref="WorkflowActivation.MissingContents"/>).
    /// </summary>
    Task<WorkflowActivation> SetActiveAsync(bool active);

    /// <summary>
    /// Deletes an inactive workflow: reads answer none, no run starts, and the id may be saved
    /// again as a new workflow. Its versions stay stored, unread, for the runs in flight, which
    /// finish on the version they started with; a workflow saved again under the id goes on from
    /// the next version number (a version number always means one definition). Refused while it
    /// is active.
    /// </summary>
    Task<WorkflowDeletion> DeleteAsync();

    /// <summary>
    /// Starts a run on the current version: for one contact when <paramref name="contactId"/> is
    /// given, else (a newsletter workflow) over its audience, at the trigger's time when it is
    /// still ahead. The same <paramref name="runId"/> twice is the same run.
    /// </summary>
    Task<RunStartResult> StartRunAsync(string? contactId, string? runId);

    /// <summary>This workflow's runs, newest first (<see cref="IWorkflowRunsGrain"/>); null when the workflow was never saved.</summary>
    [ReadOnly]
    Task<RunPage?> ListRunsAsync(RunListQuery query);

    /// <summary>A run of this workflow, newsletter or one-contact; null when there is none by that id.</summary>
    [ReadOnly]
    Task<RunLookup> GetRunAsync(string runId);

    /// <summary>
    /// Cancels a run of this workflow (see <see cref="IWorkflowRunGrain.CancelAsync"/> and
    /// <see cref="Newsletters.INewsletterRunGrain.CancelAsync"/>) and answers it as it stands after.
    /// Changes nothing of the workflow itself.
    /// </summary>
    [ReadOnly]
    Task<RunLookup> CancelRunAsync(string runId);
}
