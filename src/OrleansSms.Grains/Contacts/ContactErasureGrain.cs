using OrleansSms.Abstractions.Audit;
using Orleans.Concurrency;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Abstractions.Workflows;

namespace OrleansSms.Grains.Contacts;

/// <inheritdoc cref="IContactErasureGrain"/>
/// <remarks>
/// Apart from the contact's grain on purpose: the runs are reached outside the contact's turns, so
/// a run whose step is calling the contact gets its answer (and, once the contact is erased, erases
/// itself) instead of waiting on a contact that waits on it. The runs the contact names go first:
/// an erasure cut short (a 503) leaves the contact as it was, and the retry finds them again. The
/// contact's own erasure then names any run that sent it something meanwhile.
/// </remarks>
[StatelessWorker]
internal sealed partial class ContactErasureGrain(TimeProvider time, ILogger<ContactErasureGrain> logger) : Grain, IContactErasureGrain
{
    public async Task<ContactErasure> EraseAsync(string contactId)
    {
        var storeId = this.GetPrimaryKeyString();
        var contact = GrainFactory.GetContact(storeId, contactId);
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var cleared = await EraseRunsAsync(storeId, contactId, await contact.GetErasureTargetsAsync(), reached);
        var erased = await contact.EraseAsync();
        cleared += await EraseRunsAsync(storeId, contactId, erased, reached);

        var erasure = new ContactErasure
        {
            StoreId = storeId,
            ContactId = contactId,
            Existed = erased.Existed,
            ErasedAt = time.GetUtcNow(),
            RunsErased = cleared,
        };
        LogErasure(logger, storeId, contactId, erasure.Existed, cleared);
        if (erasure.Existed)
        {
            // Who asked travels in the call's RequestContext (the API key's name); never the contact's data.
            await GrainFactory.RecordContactErasedAsync(storeId, contactId);
        }

        return erasure;
    }

    /// <summary>
    /// Clears the records of the runs <paramref name="targets"/> names (its messages' runs, and
    /// those its replies started in the store's smsReply workflows: run id "{eventId}-{contactId}",
    /// as any event's), but those in <paramref name="reached"/>; answers how many were the contact's.
    /// </summary>
    private async Task<int> EraseRunsAsync(string storeId, string contactId, ContactErased targets, HashSet<string> reached)
    {
        var runs = new List<string>();
        foreach (var run in targets.Runs)
        {
            if (reached.Add(run))
            {
                runs.Add(run);
            }
        }

        if (targets.ReplyEventIds.Length > 0)
        {
            foreach (var listener in await GrainFactory.GetStoreWorkflows(storeId).GetListenersAsync(StorefrontEvent.SmsReplyType))
            {
                foreach (var eventId in targets.ReplyEventIds)
                {
                    if (reached.Add($"{listener.WorkflowId}/{eventId}-{contactId}"))
                    {
                        runs.Add($"{listener.WorkflowId}/{eventId}-{contactId}");
                    }
                }
            }
        }

        var cleared = await Task.WhenAll(runs.Select(run =>
        {
            var slash = run.IndexOf('/', StringComparison.Ordinal);
            return GrainFactory.GetWorkflowRun(storeId, run[..slash], run[(slash + 1)..]).EraseContactAsync(contactId);
        }));
        return cleared.Count(c => c);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Erasure of contact {StoreId}/{ContactId}: existed {Existed}, run records cleared {Runs}")]
    private static partial void LogErasure(ILogger logger, string storeId, string contactId, bool existed, int runs);
}
