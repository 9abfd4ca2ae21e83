using OrleansSms.Abstractions.Contacts;

namespace OrleansSms.Grains.Contacts;

/// <inheritdoc cref="IContactIndexGrain"/>
/// <remarks>
/// Adds interleave and share writes (<see cref="CoalescingStateWriter{TState}"/>): an import that
/// creates thousands of contacts a second costs this grain a handful of writes, not one each.
/// </remarks>
internal sealed class ContactIndexGrain(
    [PersistentState("contactIndex", StorageNames.Sms)] IPersistentState<ContactIndexState> state) : Grain, IContactIndexGrain
{
    private readonly CoalescingStateWriter<ContactIndexState> _writer = new(state);
    private string[]? _sorted;

    public Task AddAsync(string contactId) =>
        // Known already (the importer indexes a batch up front, then each new contact adds itself):
        // durable once the write that took it in has landed, so no new write.
        state.State.ContactIds.Contains(contactId)
            ? _writer.WhenIdleAsync()
            : _writer.WriteAsync(() =>
            {
                // Applied just before a write starts, never while one is being serialised.
                if (state.State.ContactIds.Add(contactId))
                {
                    _sorted = null;
                }
            });

    public Task<string[]> GetContactIdsAsync()
    {
        if (_sorted is null)
        {
            _sorted = [.. state.State.ContactIds];
            Array.Sort(_sorted, StringComparer.Ordinal);
        }

        return Task.FromResult(_sorted);
    }
}
