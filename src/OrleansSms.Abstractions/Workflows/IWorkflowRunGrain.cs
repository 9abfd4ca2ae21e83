using Orleans.Concurrency;

namespace OrleansSms.Abstractions.Workflows;

/// <summary>
/// One contact's way through one workflow (key: <c>{storeId}/{workflowId}/{runId}</c>). Durable:
/// Wait nodes are reminders, and a run interrupted by a crash resumes where it stood.
/// </summary>
public interface IWorkflowRunGrain : IGrainWithStringKey
{
    /// <summary>Records the run and starts it; answers once it is durably recorded. A second start is ignored.</summary>
    Task StartAsync(RunStart start);

    [ReadOnly]
    Task<RunView?> GetAsync();

    /// <summary>
    /// Stops the run for good: it takes no further step (a Wait's reminder goes, a reminder that
    /// fires anyway finds it over) and the run ledger forgets it. Idempotent. Answers the run as it
    /// stands: <see cref="RunStatus.Cancelled"/>, or completed or failed when it was over already
    /// (then nothing changes); null when there is no such run.
    /// </summary>
    Task<RunView?> CancelAsync();

    /// <summary>Goes on from where the run stands (the grain sends this to itself after a start).</summary>
    [OneWay]
    Task ContinueAsync();

    /// <summary>
    /// The run ledger's call for a run it holds that has not finished in time (its silo may have
    /// died): takes the start when the run has no record of its own, goes on, and answers whether
    /// the ledger must keep holding it (false once the run is over or keeps its own reminder).
    /// </summary>
    Task<bool> ResumeAsync(RunStart start, DateTimeOffset startedAt);

    /// <summary>
    /// The erasure of <paramref name="contactId"/>: when this is a run of that contact, its record
    /// (start, event properties, path) is cleared, its reminder goes and the run ledger forgets it;
    /// any other run, or none, is left as it is (false). A run that meets its erased contact on
    /// its own erases itself the same way.
    /// </summary>
    Task<bool> EraseContactAsync(string contactId);
}
