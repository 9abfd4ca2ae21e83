using Orleans.Concurrency;

namespace OrleansSms.Abstractions.Audit;

/// <summary>
/// A store's audit trail (key: the store id): who changed its channel, contents and workflows,
/// imported or erased what, and when. Keeps the newest entries within a bounded history
/// (<c>Audit:MaxEntries</c>, <c>Audit:Retention</c>).
/// </summary>
public interface IStoreAuditGrain : IGrainWithStringKey
{
    /// <summary>Appends an entry, timed now; answers once it is durable (appends that come together share a write).</summary>
    Task RecordAsync(AuditRecord record);

    /// <summary>Up to <paramref name="limit"/> entries older than sequence <paramref name="before"/> (from the newest when null), newest first.</summary>
    [ReadOnly]
    Task<AuditPage> ListAsync(long? before, int limit);
}

/// <summary>The one way a store's audit trail is reached, and the entries other features record.</summary>
public static class StoreAuditExtensions
{
    public static IStoreAuditGrain GetStoreAudit(this IGrainFactory grains, string storeId) =>
        grains.GetGrain<IStoreAuditGrain>(GrainKeys.Store(storeId));

    /// <summary>Records that a contact was erased, by the key the call acts for (or <paramref name="keyName"/>).</summary>
    public static Task RecordContactErasedAsync(this IGrainFactory grains, string storeId, string contactId, string? keyName = null) =>
        grains.GetStoreAudit(storeId).RecordAsync(new AuditRecord { Action = AuditAction.ContactErased, Target = AuditTargets.Contact(contactId), Key = keyName });

    /// <summary>Records that an SMS content was deleted.</summary>
    public static Task RecordContentDeletedAsync(this IGrainFactory grains, string storeId, string smsId, string? keyName = null) =>
        grains.GetStoreAudit(storeId).RecordAsync(new AuditRecord { Action = AuditAction.ContentDeleted, Target = AuditTargets.Content(smsId), Key = keyName });

    /// <summary>Records that a workflow was deleted.</summary>
    public static Task RecordWorkflowDeletedAsync(this IGrainFactory grains, string storeId, string workflowId, string? keyName = null) =>
        grains.GetStoreAudit(storeId).RecordAsync(new AuditRecord { Action = AuditAction.WorkflowDeleted, Target = AuditTargets.Workflow(workflowId), Key = keyName });
}
