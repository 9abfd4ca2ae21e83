using System.Text;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Domain.Contacts;

namespace OrleansSms.Grains.Contacts;

/// <inheritdoc cref="IContactIndexGrain"/>
/// <remarks>
/// <para>
/// The contact directory: why it is here. A store's contact list searches by id prefix, phone and
/// email and filters by the two statuses, over up to millions of contacts, on SQLite, PostgreSQL
/// and memory storage alike. Asking every contact grain is out of the question, and a query of
/// the grain storage's table cannot read inside serialised states; so the index partitions a
/// newsletter already walks keep, per contact, what a list needs (<see cref="ContactDirectory"/>:
/// sorted compact entries, some 60–110 bytes a contact in memory, 30–45 stored), and the contacts
/// keep it current. It is all grain state, so the same code runs on every storage.
/// </para>
/// <para>
/// Who writes: a contact grain, after each write of its own state that changed its entry (phone,
/// email, statuses, which fields it has), calls <see cref="UpsertAsync"/> and answers its caller
/// only once the directory's write has landed; an import hands the entries of the contacts it
/// created straight into storage to the next batch's <see cref="AddImportedAsync"/>, and the rest
/// in one <see cref="UpsertManyAsync"/> per partition before it answers. A contact that was
/// written but whose entry could not be (a crash between the two) keeps a flag in its state and
/// sends the entry with its next write; a rebuild (<c>POST …/contacts/directory/rebuild</c>) reads
/// every contact's stored state again. Entries carry the contact's revision, so an older one never
/// overwrites a newer one, whatever order they come in.
/// </para>
/// <para>
/// Writes interleave and share writes (<see cref="CoalescingStateWriter{TState}"/>): an import
/// that creates thousands of contacts a second, or many contacts changing at once, costs this
/// grain a handful of writes, not one each. Changes are applied to the directory just before a
/// write starts, which packs it into the state: a query never sees a change that is not on its way
/// to storage, and a caller returns only once its change is stored.
/// </para>
/// </remarks>
internal sealed partial class ContactIndexGrain : Grain, IContactIndexGrain
{
    private const byte Separator = (byte)'\n';

    private readonly IPersistentState<ContactIndexState> _state;
    private readonly CoalescingStateWriter<ContactIndexState> _writer;
    private readonly ILogger<ContactIndexGrain> _logger;
    private readonly HashSet<(string Name, FieldType Type)> _columns = [];
    private ContactDirectory _directory = new();
    private bool _columnsChanged;

    public ContactIndexGrain([PersistentState("contactIndex", StorageNames.Sms)] IPersistentState<ContactIndexState> state, ILogger<ContactIndexGrain> logger)
    {
        _state = state;
        _logger = logger;
        _writer = new CoalescingStateWriter<ContactIndexState>(state, Pack);
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _directory = ContactDirectory.Unpack(_state.State.Directory);
        var unlisted = 0;
        foreach (var id in Unpack(_state.State.PackedIds))
        {
            unlisted += _directory.AddPending(id) ? 1 : 0;
        }

        if (unlisted > 0)
        {
            LogIndexedBeforeTheDirectory(_logger, this.GetPrimaryKeyString(), unlisted);
        }

        foreach (var header in _state.State.FieldColumns)
        {
            if (FieldColumn.TryParse(header, out var column))
            {
                _columns.Add((column.Name, column.Type));
            }
        }

        return Task.CompletedTask;
    }

    public async Task AddAsync(string contactId) => await AddImportedAsync([contactId], []);

    public Task<bool[]> AddManyAsync(string[] contactIds) => AddImportedAsync(contactIds, []);

    public async Task<bool[]> AddImportedAsync(string[] contactIds, ContactDirectoryEntry[] written)
    {
        var added = new bool[contactIds.Length];
        if (Array.TrueForAll(contactIds, _directory.Contains) && Array.TrueForAll(written, IsCurrent))
        {
            // Known already (the importer indexes a batch up front, then a new contact adds
            // itself): durable once the write that took it in has landed, so no new write.
            await _writer.WhenIdleAsync();
            return added;
        }

        await WriteAsync(() =>
        {
            // Applied just before a write starts, never while one is being serialised; an id
            // two calls carry is added by the first one applied.
            for (var i = 0; i < contactIds.Length; i++)
            {
                added[i] = _directory.AddPending(contactIds[i]);
            }

            foreach (var entry in written)
            {
                Apply(entry);
            }
        });
        return added;
    }

    public Task UpsertAsync(ContactDirectoryEntry entry) => UpsertManyAsync([entry]);

    public async Task UpsertManyAsync(ContactDirectoryEntry[] entries)
    {
        if (Array.TrueForAll(entries, IsCurrent))
        {
            await _writer.WhenIdleAsync();
            return;
        }

        await WriteAsync(() =>
        {
            foreach (var entry in entries)
            {
                Apply(entry);
            }
        });
    }

    public async Task RemoveAsync(string contactId)
    {
        if (!_directory.Contains(contactId))
        {
            await _writer.WhenIdleAsync();
            return;
        }

        await WriteAsync(() => _directory.Remove(contactId));
    }

    public Task<string[]> GetContactIdsAsync() => Task.FromResult(_directory.Ids());

    public Task<ContactIdPage> FindAsync(ContactDirectoryFilter filter, string? after, int limit) =>
        Task.FromResult(ContactIdPage.From(_directory.Page(filter.ToDomain(), after, Math.Clamp(limit, 1, ContactListQuery.MaxLimit))));

    public Task<int> CountAsync(ContactDirectoryFilter filter) => Task.FromResult(_directory.CountMatching(filter.ToDomain()));

    public Task<string[]> GetFieldColumnsAsync() => Task.FromResult(FieldColumns());

    public Task<ContactIndexStats> GetStatsAsync() =>
        Task.FromResult(new ContactIndexStats(_directory.Count, _directory.ListedCount, _directory.MemoryBytes));

    private async Task WriteAsync(Action change)
    {
        try
        {
            await _writer.WriteAsync(change);
        }
        catch
        {
            // The directory now holds changes that may not be stored: start again from storage,
            // or a later call of the same change would take it for durable.
            DeactivateOnIdle();
            throw;
        }
    }

    private bool IsCurrent(ContactDirectoryEntry entry)
    {
        if (!_directory.IsCurrent(entry.ToRecord()))
        {
            return false;
        }

        for (var i = 0; i < entry.FieldNames.Length; i++)
        {
            if (!_columns.Contains((entry.FieldNames[i], entry.FieldTypes[i])))
            {
                return false;
            }
        }

        return true;
    }

    private void Apply(ContactDirectoryEntry entry)
    {
        _directory.Upsert(entry.ToRecord());
        for (var i = 0; i < entry.FieldNames.Length; i++)
        {
            _columnsChanged |= _columns.Add((entry.FieldNames[i], entry.FieldTypes[i]));
        }
    }

    private string[] FieldColumns()
    {
        var columns = _columns.Select(c => new FieldColumn(c.Name, c.Type)).ToList();
        columns.Sort();
        return [.. columns.Select(c => c.Header)];
    }

    /// <summary>Before each write: the state gets the directory as it is now, in its own buffer.</summary>
    private void Pack()
    {
        _state.State.Directory = _directory.Pack();
        _state.State.PackedIds = [];
        if (_columnsChanged)
        {
            _state.State.FieldColumns = FieldColumns();
            _columnsChanged = false;
        }
    }

    private static IEnumerable<string> Unpack(byte[] packed)
    {
        var start = 0;
        for (var i = 0; i < packed.Length; i++)
        {
            if (packed[i] == Separator)
            {
                yield return Encoding.ASCII.GetString(packed, start, i - start);
                start = i + 1;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Contact index {Partition} holds {Count} contacts stored before the contact directory: newsletters reach them, lists show them after POST /api/stores/{{storeId}}/contacts/directory/rebuild")]
    private static partial void LogIndexedBeforeTheDirectory(ILogger logger, string partition, int count);
}
