namespace OrleansSms.Abstractions.Contacts;

/// <summary>
/// The one place a contact is erased (key: <c>{storeId}</c>; a stateless worker, so erasures of
/// one store run side by side). It clears the contact's record and index entry through its grain
/// (<see cref="IContactGrain.EraseAsync"/>), then the records of the workflow runs its logs name.
/// Whatever must hear of an erasure (an audit trail) hooks in here.
/// </summary>
public interface IContactErasureGrain : IGrainWithStringKey
{
    /// <summary>
    /// Erases <paramref name="contactId"/>: answered once its data is gone from storage. Idempotent:
    /// an id that names no contact changes nothing (<see cref="ContactErasure.Existed"/> false).
    /// </summary>
    Task<ContactErasure> EraseAsync(string contactId);
}
