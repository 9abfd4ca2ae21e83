using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansSms.Abstractions.Contacts;

namespace OrleansSms.Grains.Contacts;

/// <summary>
/// Writes a contact that does not exist yet straight into its grain's storage record, as the
/// contact's first write, without activating the grain. An import creates contacts this way.
/// <para>
/// Why: an imported row otherwise costs a whole activation and deactivation of its contact grain
/// (placement, directory, lifecycle, a state read, messages), about half of the silo's CPU per
/// row, for a contact nobody is using yet.
/// </para>
/// <para>
/// Why it is safe: the record is written only if none exists (a write without an ETag; every
/// provider refuses it when the record is there, <see cref="InconsistentStateException"/>), with
/// the same merge the grain applies (<see cref="ContactState.Apply"/>). The caller uses it only for
/// an id the contact index does not list, so no contact state exists and no activation holds
/// one: a contact that does not exist keeps no activation between calls, and a grain that was
/// creating the same contact at that moment finds the conflict and merges its write on top. When
/// the record exists after all (an erased contact's record is kept, empty), nothing is written and
/// the caller goes through the grain, which creates the contact as a new one.
/// </para>
/// <para>
/// The contact's directory entry is the caller's to hand to the index
/// (<see cref="IContactIndexGrain.AddImportedAsync"/>); the state says it may not be there yet
/// (<see cref="ContactState.DirectoryPending"/>), so the contact's next write through its grain
/// sends it again if the import could not.
/// </para>
/// </summary>
public sealed class NewContactWriter(IServiceProvider services, TimeProvider time)
{
    private readonly IGrainStorage _storage = services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Sms);

    /// <returns><c>false</c> when the contact exists in storage: nothing was written.</returns>
    public async Task<bool> TryCreateAsync(GrainId contact, ContactUpdate update) =>
        await CreateAsync(contact, ContactKeys.Parse(contact.Key.ToString()!).ContactId, update) is not null;

    /// <returns>The contact's directory entry, or null when the contact exists in storage: nothing was written.</returns>
    public async Task<ContactDirectoryEntry?> CreateAsync(GrainId contact, string contactId, ContactUpdate update)
    {
        var state = new ContactState();
        state.Apply(update, time.GetUtcNow());
        state.DirectoryRevision = 1;
        state.DirectoryPending = true;
        try
        {
            await _storage.WriteStateAsync(ContactGrain.StateName, contact, new GrainState<ContactState>(state));
            return state.ToDirectoryEntry(contactId);
        }
        catch (InconsistentStateException)
        {
            return null;
        }
    }
}
