using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansSms.Abstractions.Contacts;

namespace OrleansSms.Grains.Contacts;

/// <summary>
/// Reads contacts straight from their grains' storage records, without activating them: an
/// export and a rebuild of the directory read every contact of a store once, and a million
/// activations for that would fill the silo's memory (and cost most of the time).
/// <para>
/// What is stored is what was acknowledged: a contact writes its fields, phone and statuses
/// before it answers, and only the provider's acceptance of a message may wait in memory
/// (<see cref="DurabilityOptions.AcceptedWriteDelay"/>), which neither reads.
/// </para>
/// </summary>
public sealed class ContactStateReader(IServiceProvider services)
{
    private readonly IGrainStorage _storage = services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Sms);
    private readonly IGrainFactory _grains = services.GetRequiredService<IGrainFactory>();
    private GrainType? _contactType;

    /// <summary>The contact as stored, and its directory entry; null when it does not exist.</summary>
    public async Task<StoredContact?> ReadAsync(string storeId, string contactId)
    {
        // The grain type resolved once: GetGrain maps the interface to it through reflection on every call.
        _contactType ??= ((GrainReference)_grains.GetContact(storeId, contactId)).GrainId.Type;
        var stored = new GrainState<ContactState>(new ContactState());
        await _storage.ReadStateAsync(ContactGrain.StateName, GrainId.Create(_contactType.Value, ContactKeys.Format(storeId, contactId)), stored);
        var state = stored.State;
        return stored.RecordExists && state is { Exists: true }
            ? new StoredContact(state.ToSnapshot(contactId), state.ToDirectoryEntry(contactId))
            : null;
    }
}

/// <summary>A contact as its storage record holds it.</summary>
public sealed record StoredContact(ContactSnapshot Contact, ContactDirectoryEntry Entry);
