using Orleans.Concurrency;
using OrleansSms.Abstractions.Callbacks;
using OrleansSms.Abstractions.Sending;

namespace OrleansSms.Abstractions.Contacts;

/// <summary>
/// One contact of one store, keyed <c>{storeId}/{contactId}</c> (see <see cref="ContactKeys"/>).
/// Owns the phone number, its status, the SMS subscription, the custom fields and the
/// contact's recent SMS history, and resolves the variables of the SMS sent to it.
/// </summary>
public interface IContactGrain : IGrainWithStringKey
{
    /// <summary>The contact, or null when it was never written.</summary>
    [ReadOnly]
    Task<ContactSnapshot?> GetAsync();

    /// <summary>Merges a validated update, creating the contact when it does not exist.</summary>
    Task<ContactWriteResult> UpdateAsync(ContactUpdate update);

    /// <summary>
    /// An import's row: like <see cref="UpdateAsync"/>, but the caller has already added the
    /// contact to its index partition, durably (an import does it for a whole batch at once).
    /// An import wakes every contact of its file once: a contact it woke goes once its write has
    /// landed, unless something else wants it.
    /// </summary>
    Task<ContactWriteResult> ImportAsync(ContactUpdate update);

    /// <summary>
    /// A workflow's Update contact step: like <see cref="UpdateAsync"/>, but a contact that was
    /// erased stays erased (false, nothing written). A write from the store itself (the API, an
    /// import, a <c>contactInfo</c> event) creates a new contact under an erased id instead.
    /// </summary>
    Task<bool> UpdateFromWorkflowAsync(ContactUpdate update);

    /// <summary>
    /// Clears the contact's record in storage (fields, phone, statuses, messages with their texts,
    /// held reports, replies), its resend reminder and its index entry; answered once all are gone.
    /// The record stays behind empty, so the grain knows the contact was erased: a send answers
    /// skipped <c>deleted</c>, a report changes nothing and is not kept, a workflow does not bring
    /// it back, and a new contact under the same id starts with no history and message numbers
    /// that no earlier clientId used. Call it through <see cref="IContactErasureGrain"/>, which
    /// also erases the runs the answer names. Idempotent.
    /// </summary>
    Task<ContactErased> EraseAsync();

    /// <summary>
    /// What <see cref="EraseAsync"/> would answer now, changing nothing: the erasure reaches the
    /// runs first, so that an erasure cut short (storage unavailable) and retried still finds them.
    /// </summary>
    [ReadOnly]
    Task<ContactErased> GetErasureTargetsAsync();

    /// <summary>Whether the contact was erased (and not created again since); false for an id never used.</summary>
    [ReadOnly]
    Task<bool> WasErasedAsync();

    /// <summary>
    /// Applies the send rule, renders the text, records the message as pending (durably) and
    /// only then hands it to the connector. The same idempotency key twice sends once.
    /// </summary>
    Task<SendSmsResult> SendSmsAsync(SendSmsCommand command);

    /// <summary>
    /// A send of a run over many contacts (a newsletter): like <see cref="SendSmsAsync"/>, but a
    /// contact it woke need not stay in memory, and goes once nothing is left to write.
    /// </summary>
    Task<SendSmsResult> SendBulkAsync(SendSmsCommand command);

    /// <summary>
    /// Applies an Instasent report about message <paramref name="messageNumber"/>: its delivery
    /// status, or a reply to it (a text or a stop: keywords, subscription, the <c>smsReply</c>
    /// event). Idempotent and order-independent; runs even while a send of this contact is in
    /// flight. <see cref="ReportOutcome.Unmatched"/> when the contact does not exist.
    /// </summary>
    [AlwaysInterleave]
    Task<ReportOutcome> ApplyDeliveryReportAsync(long messageNumber, DeliveryReport report);

    /// <summary>The most recent messages, newest first.</summary>
    [ReadOnly]
    Task<SmsHistoryEntry[]> GetSmsHistoryAsync();
}
