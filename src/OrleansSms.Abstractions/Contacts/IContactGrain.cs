using Orleans.Concurrency;

namespace OrleansSms.Abstractions.Contacts;

/// <summary>
/// One contact of one store, keyed <c>{storeId}/{contactId}</c> (see <see cref="ContactKeys"/>).
/// Owns the phone number, its status, the SMS subscription and the custom fields.
/// </summary>
public interface IContactGrain : IGrainWithStringKey
{
    /// <summary>The contact, or null when it was never written.</summary>
    [ReadOnly]
    Task<ContactSnapshot?> GetAsync();

    /// <summary>Merges a validated update, creating the contact when it does not exist.</summary>
    Task<ContactWriteResult> UpdateAsync(ContactUpdate update);
}
