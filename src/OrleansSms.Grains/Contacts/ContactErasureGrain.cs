using Orleans.Concurrency;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Abstractions.Workflows;

namespace OrleansSms.Grains.Contacts;

/// <inheritdoc cref="IContactErasureGrain"/>
/// <remarks>
/// Apart from the contact's grain on purpose: the runs are reached once the contact's own turn
/// is over, so a run whose step is calling the contact meets the erased contact (and erases
/// itself) instead of waiting on a contact that waits on it.
/// </remarks>
[StatelessWorker]
internal sealed partial class ContactErasureGrain(TimeProvider time, ILogger<ContactErasureGrain> logger) : Grain, IContactErasureGrain
{
    public async Task<ContactErasure> EraseAsync(string contactId)
    {
        var storeId = this.GetPrimaryKeyString();
        var erased = await GrainFactory.GetContact(storeId, contactId).EraseAsync();

        // The runs the contact's logs name: its messages' runs, and those its replies started in
        // the store's smsReply workflows (run id "{eventId}-{contactId}", as any event's).
        var runs = new HashSet<string>(erased.Runs, StringComparer.Ordinal);
        if (erased.ReplyEventIds.Length > 0)
        {
            foreach (var listener in await GrainFactory.GetStoreWorkflows(storeId).GetListenersAsync(Abstractions.Workflows.StorefrontEvent.SmsReplyType))
            {
                foreach (var eventId in erased.ReplyEventIds)
                {
                    runs.Add($"{listener.WorkflowId}/{eventId}-{contactId}");
                }
            }
        }

        var cleared = await Task.WhenAll(runs.Select(run =>
        {
            var slash = run.IndexOf('/', StringComparison.Ordinal);
            return GrainFactory.GetWorkflowRun(storeId, run[..slash], run[(slash + 1)..]).EraseContactAsync(contactId);
        }));

        var erasure = new ContactErasure
        {
            StoreId = storeId,
            ContactId = contactId,
            Existed = erased.Existed,
            ErasedAt = time.GetUtcNow(),
            RunsErased = cleared.Count(c => c),
        };
        LogErasure(logger, storeId, contactId, erasure.Existed, erasure.RunsErased);
        return erasure;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Erasure of contact {StoreId}/{ContactId}: existed {Existed}, run records cleared {Runs}")]
    private static partial void LogErasure(ILogger logger, string storeId, string contactId, bool existed, int runs);
}
