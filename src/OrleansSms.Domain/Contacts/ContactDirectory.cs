using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace OrleansSms.Domain.Contacts;

/// <summary>What the directory holds of one contact (see <see cref="ContactDirectory"/>).</summary>
/// <param name="Listed">False for an id indexed before its contact was written (or whose contact
/// was never read into the directory): newsletters walk it, lists do not show it.</param>
public readonly record struct DirectoryRecord(
    string ContactId, ulong Phone, ulong Email, PhoneStatus PhoneStatus, SubscriptionStatus Subscription, uint Revision, bool Listed = true);

/// <summary>A page of a partition: the matching ids after a cursor, in order, and whether more match after them.</summary>
public sealed record DirectoryPage(string[] ContactIds, bool More)
{
    public static DirectoryPage Empty { get; } = new([], false);
}

/// <summary>
/// One partition of a store's contact directory, in memory: for each contact its id, phone
/// (<see cref="DirectoryKeys.Phone"/>), email (<see cref="DirectoryKeys.Email"/>), phone status,
/// subscription and revision, sorted by id (ordinal), compactly.
/// <para>
/// Layout: fixed 56-byte entries (the id's ASCII bytes inline, 32 at most, two 8-byte keys, a
/// 4-byte revision, a length and a flags byte) in sorted blocks of at most
/// <see cref="BlockCapacity"/> entries. No string, no object per contact: a million contacts are
/// some 60–110 MB however the ids look, the garbage collector sees a few thousand arrays, and a
/// walk reads memory in order. An insert moves at most one block's entries (splitting it when
/// full; an append past the last id starts a new block instead); a look-up is a binary search
/// over the blocks' first ids, then within one block.
/// </para>
/// <para>
/// Revisions order the writes of one contact: <see cref="Upsert"/> ignores a record older than
/// the one held, so an entry read from storage by a rebuild, or two updates of a contact that
/// arrive out of order, never put an older state back.
/// </para>
/// Not thread-safe: a grain's turn owns it.
/// </summary>
public sealed class ContactDirectory
{
    public const int BlockCapacity = 256;

    /// <summary>Bytes per contact in memory, before the blocks' spare room.</summary>
    public static int EntryBytes => Unsafe.SizeOf<Entry>();

    private const byte StatusMask = 0b11;
    private const int SubscriptionShift = 2;
    private const byte ListedFlag = 1 << 4;
    private const byte HasPhoneFlag = 1 << 5; // packed form only
    private const byte HasEmailFlag = 1 << 6; // packed form only
    private const byte PackFormat = 1;

    private readonly List<Block> _blocks = [];

    /// <summary>Every id held, listed or not.</summary>
    public int Count { get; private set; }

    /// <summary>Ids a list shows (<see cref="DirectoryRecord.Listed"/>).</summary>
    public int ListedCount { get; private set; }

    /// <summary>The memory the entries take, spare room included (not the few objects around them).</summary>
    public long MemoryBytes
    {
        get
        {
            long bytes = 0;
            foreach (var block in _blocks)
            {
                bytes += (long)block.Items.Length * EntryBytes + 48;
            }

            return bytes;
        }
    }

    public bool Contains(string contactId)
    {
        Span<byte> id = stackalloc byte[ContactIds.MaxLength];
        return Locate(Encode(contactId, id)).Found;
    }

    /// <summary>The record held for <paramref name="contactId"/>, or null.</summary>
    public DirectoryRecord? Get(string contactId)
    {
        Span<byte> id = stackalloc byte[ContactIds.MaxLength];
        var at = Locate(Encode(contactId, id));
        return at.Found ? Record(ref _blocks[at.Block].Items[at.Position]) : null;
    }

    /// <summary>Adds an id not listed yet (a contact about to be written). False when the id is held already.</summary>
    public bool AddPending(string contactId)
    {
        Span<byte> id = stackalloc byte[ContactIds.MaxLength];
        var key = Encode(contactId, id);
        var at = Locate(key);
        if (at.Found)
        {
            return false;
        }

        var entry = default(Entry);
        SetId(ref entry, key);
        Insert(at, entry);
        return true;
    }

    /// <summary>True when <see cref="Upsert"/> of <paramref name="record"/> would change nothing.</summary>
    public bool IsCurrent(in DirectoryRecord record)
    {
        Span<byte> id = stackalloc byte[ContactIds.MaxLength];
        var at = Locate(Encode(record.ContactId, id));
        if (!at.Found)
        {
            return false;
        }

        ref var held = ref _blocks[at.Block].Items[at.Position];
        return held.Revision > record.Revision || Same(ref held, record);
    }

    /// <summary>
    /// Puts <paramref name="record"/> in, listed, unless what is held is newer (a higher
    /// revision). Answers whether anything changed.
    /// </summary>
    public bool Upsert(in DirectoryRecord record)
    {
        Span<byte> id = stackalloc byte[ContactIds.MaxLength];
        var key = Encode(record.ContactId, id);
        var at = Locate(key);
        if (at.Found)
        {
            ref var held = ref _blocks[at.Block].Items[at.Position];
            if (held.Revision > record.Revision || Same(ref held, record))
            {
                return false;
            }

            ListedCount += (record.Listed ? 1 : 0) - (IsListed(ref held) ? 1 : 0);
            Fill(ref held, record);
            return true;
        }

        var entry = default(Entry);
        SetId(ref entry, key);
        Fill(ref entry, record);
        Insert(at, entry);
        ListedCount += record.Listed ? 1 : 0;
        return true;
    }

    /// <summary>Forgets <paramref name="contactId"/>. False when it was not held.</summary>
    public bool Remove(string contactId)
    {
        Span<byte> id = stackalloc byte[ContactIds.MaxLength];
        var at = Locate(Encode(contactId, id));
        if (!at.Found)
        {
            return false;
        }

        var block = _blocks[at.Block];
        ListedCount -= IsListed(ref block.Items[at.Position]) ? 1 : 0;
        Array.Copy(block.Items, at.Position + 1, block.Items, at.Position, block.Count - at.Position - 1);
        block.Items[--block.Count] = default;
        Count--;
        if (block.Count == 0)
        {
            _blocks.RemoveAt(at.Block);
        }
        else if (at.Block + 1 < _blocks.Count && block.Count + _blocks[at.Block + 1].Count <= BlockCapacity / 2)
        {
            // Two thin neighbours become one, so removals cannot leave a block per contact.
            var next = _blocks[at.Block + 1];
            EnsureRoom(block, block.Count + next.Count);
            Array.Copy(next.Items, 0, block.Items, block.Count, next.Count);
            block.Count += next.Count;
            _blocks.RemoveAt(at.Block + 1);
        }

        if (block.Count > 0 && block.Count < block.Items.Length / 4 && block.Items.Length > 16)
        {
            Array.Resize(ref block.Items, Math.Max(16, block.Count * 2));
        }

        return true;
    }

    /// <summary>Every id held (listed or not), sorted.</summary>
    public string[] Ids()
    {
        var ids = new string[Count];
        var n = 0;
        foreach (var block in _blocks)
        {
            for (var i = 0; i < block.Count; i++)
            {
                ids[n++] = IdString(ref block.Items[i]);
            }
        }

        return ids;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> ids that match <paramref name="filter"/>, after
    /// <paramref name="after"/> (exclusive; null: from the start), in order, and whether any
    /// other id after them matches.
    /// </summary>
    public DirectoryPage Page(in DirectoryFilter filter, string? after, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var ids = new List<string>(Math.Min(limit, 64));
        var more = false;
        Walk(filter, after, (ref Entry entry) =>
        {
            if (ids.Count == limit)
            {
                more = true;
                return false;
            }

            ids.Add(IdString(ref entry));
            return true;
        });
        return ids.Count == 0 && !more ? DirectoryPage.Empty : new DirectoryPage([.. ids], more);
    }

    /// <summary>How many ids match <paramref name="filter"/>.</summary>
    public int CountMatching(in DirectoryFilter filter)
    {
        if (!filter.Search && filter.PhoneStatus is null && filter.Subscription is null)
        {
            return ListedCount;
        }

        var count = 0;
        Walk(filter, null, (ref Entry _) =>
        {
            count++;
            return true;
        });
        return count;
    }

    private delegate bool Visitor(ref Entry entry);

    /// <summary>Calls <paramref name="visit"/> for each matching entry after <paramref name="after"/> until it answers false.</summary>
    private void Walk(in DirectoryFilter filter, string? after, Visitor visit)
    {
        Span<byte> prefixBuffer = stackalloc byte[ContactIds.MaxLength];
        Span<byte> afterBuffer = stackalloc byte[ContactIds.MaxLength];
        var hasPrefix = filter.Search && filter.IdPrefix is not null;
        var prefix = hasPrefix ? Encode(filter.IdPrefix!, prefixBuffer) : default;
        var start = after is null ? new Location(0, 0, false) : Locate(Encode(after, afterBuffer));
        if (start.Found)
        {
            start = start with { Position = start.Position + 1 };
        }

        if (filter.OnlyIdPrefix)
        {
            // Every match is in the prefix's range: start there if that is later.
            var first = Locate(prefix);
            if (first.Block > start.Block || (first.Block == start.Block && first.Position > start.Position))
            {
                start = first;
            }
        }

        var phoneStatus = filter.PhoneStatus is { } ps ? (int)ps : -1;
        var subscription = filter.Subscription is { } ss ? (int)ss : -1;
        for (var b = start.Block; b < _blocks.Count; b++)
        {
            var block = _blocks[b];
            for (var i = b == start.Block ? start.Position : 0; i < block.Count; i++)
            {
                ref var entry = ref block.Items[i];
                if (filter.OnlyIdPrefix && !IdOf(ref entry).StartsWith(prefix))
                {
                    return; // past the prefix's range
                }

                var flags = entry.Flags;
                if ((flags & ListedFlag) == 0 ||
                    (phoneStatus >= 0 && (flags & StatusMask) != phoneStatus) ||
                    (subscription >= 0 && ((flags >> SubscriptionShift) & StatusMask) != subscription))
                {
                    continue;
                }

                if (filter.Search &&
                    !(hasPrefix && IdOf(ref entry).StartsWith(prefix)) &&
                    !(filter.Phone != 0 && entry.Phone == filter.Phone) &&
                    !(filter.Email != 0 && entry.Email == filter.Email))
                {
                    continue;
                }

                if (!visit(ref entry))
                {
                    return;
                }
            }
        }
    }

    // ---- persistence -----------------------------------------------------------------------

    /// <summary>
    /// The entries as bytes, in order: a format byte and the count, then per entry its id's
    /// length and ASCII, a flags byte, the revision, and the phone and email keys when set
    /// (some 30–45 bytes a contact).
    /// </summary>
    public byte[] Pack()
    {
        var size = 5L;
        foreach (var block in _blocks)
        {
            for (var i = 0; i < block.Count; i++)
            {
                ref var entry = ref block.Items[i];
                size += 1 + entry.IdLength + 1 + 4 + (entry.Phone != 0 ? 8 : 0) + (entry.Email != 0 ? 8 : 0);
            }
        }

        var packed = new byte[size];
        packed[0] = PackFormat;
        BinaryPrimitives.WriteInt32LittleEndian(packed.AsSpan(1), Count);
        var at = 5;
        foreach (var block in _blocks)
        {
            for (var i = 0; i < block.Count; i++)
            {
                ref var entry = ref block.Items[i];
                packed[at++] = entry.IdLength;
                IdOf(ref entry).CopyTo(packed.AsSpan(at));
                at += entry.IdLength;
                packed[at++] = (byte)(entry.Flags | (entry.Phone != 0 ? HasPhoneFlag : 0) | (entry.Email != 0 ? HasEmailFlag : 0));
                BinaryPrimitives.WriteUInt32LittleEndian(packed.AsSpan(at), entry.Revision);
                at += 4;
                if (entry.Phone != 0)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(packed.AsSpan(at), entry.Phone);
                    at += 8;
                }

                if (entry.Email != 0)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(packed.AsSpan(at), entry.Email);
                    at += 8;
                }
            }
        }

        return packed;
    }

    /// <summary>A directory from <see cref="Pack"/>'s bytes (empty bytes: an empty directory).</summary>
    /// <exception cref="FormatException">The bytes are not a packed directory.</exception>
    public static ContactDirectory Unpack(ReadOnlySpan<byte> packed)
    {
        var directory = new ContactDirectory();
        if (packed.IsEmpty)
        {
            return directory;
        }

        if (packed.Length < 5 || packed[0] != PackFormat)
        {
            throw new FormatException("Not a packed contact directory.");
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(packed[1..]);
        var at = 5;
        Block? block = null;
        ReadOnlySpan<byte> previous = default;
        for (var n = 0; n < count; n++)
        {
            if (block is null || block.Count == BlockCapacity)
            {
                block = new Block(new Entry[Math.Min(BlockCapacity, count - n)]);
                directory._blocks.Add(block);
            }

            ref var entry = ref block.Items[block.Count];
            var length = packed[at++];
            var id = packed.Slice(at, length);
            if (length is 0 or > ContactIds.MaxLength || (n > 0 && id.SequenceCompareTo(previous) <= 0))
            {
                throw new FormatException($"Entry {n} of a packed contact directory is out of order or malformed.");
            }

            SetId(ref entry, id);
            previous = id;
            at += length;
            var flags = packed[at++];
            entry.Flags = (byte)(flags & ~(HasPhoneFlag | HasEmailFlag));
            entry.Revision = BinaryPrimitives.ReadUInt32LittleEndian(packed[at..]);
            at += 4;
            if ((flags & HasPhoneFlag) != 0)
            {
                entry.Phone = BinaryPrimitives.ReadUInt64LittleEndian(packed[at..]);
                at += 8;
            }

            if ((flags & HasEmailFlag) != 0)
            {
                entry.Email = BinaryPrimitives.ReadUInt64LittleEndian(packed[at..]);
                at += 8;
            }

            block.Count++;
            directory.Count++;
            directory.ListedCount += (entry.Flags & ListedFlag) != 0 ? 1 : 0;
        }

        return directory;
    }

    // ---- blocks ----------------------------------------------------------------------------

    private sealed class Block(Entry[] items)
    {
        public Entry[] Items = items;
        public int Count;
    }

    /// <summary>Where an id is (<see cref="Found"/>), or where it would go.</summary>
    private readonly record struct Location(int Block, int Position, bool Found);

    private Location Locate(ReadOnlySpan<byte> id)
    {
        if (_blocks.Count == 0)
        {
            return new Location(0, 0, false);
        }

        // The last block whose first id is not after this one.
        int low = 0, high = _blocks.Count - 1, b = 0;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            if (IdOf(ref _blocks[mid].Items[0]).SequenceCompareTo(id) <= 0)
            {
                b = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        var block = _blocks[b];
        low = 0;
        high = block.Count - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var c = IdOf(ref block.Items[mid]).SequenceCompareTo(id);
            if (c == 0)
            {
                return new Location(b, mid, true);
            }

            if (c < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return new Location(b, low, false);
    }

    private void Insert(Location at, in Entry entry)
    {
        Count++;
        if (_blocks.Count == 0)
        {
            var first = new Block(new Entry[4]);
            first.Items[0] = entry;
            first.Count = 1;
            _blocks.Add(first);
            return;
        }

        var block = _blocks[at.Block];
        var position = at.Position;
        if (block.Count == BlockCapacity)
        {
            if (at.Block == _blocks.Count - 1 && position == block.Count)
            {
                // Past the last id (ids that grow, a rebuild in order): a new block, not two half ones.
                var next = new Block(new Entry[16]);
                next.Items[0] = entry;
                next.Count = 1;
                _blocks.Add(next);
                return;
            }

            var half = BlockCapacity / 2;
            var upper = new Block(new Entry[BlockCapacity]);
            Array.Copy(block.Items, half, upper.Items, 0, BlockCapacity - half);
            Array.Clear(block.Items, half, BlockCapacity - half);
            upper.Count = BlockCapacity - half;
            block.Count = half;
            _blocks.Insert(at.Block + 1, upper);
            if (position > half)
            {
                block = upper;
                position -= half;
            }
        }

        EnsureRoom(block, block.Count + 1);
        Array.Copy(block.Items, position, block.Items, position + 1, block.Count - position);
        block.Items[position] = entry;
        block.Count++;
    }

    private static void EnsureRoom(Block block, int needed)
    {
        if (block.Items.Length < needed)
        {
            Array.Resize(ref block.Items, Math.Min(BlockCapacity, Math.Max(needed, block.Items.Length * 2)));
        }
    }

    // ---- entries ---------------------------------------------------------------------------

    [InlineArray(ContactIds.MaxLength)]
    private struct IdBytes
    {
        private byte _first;
    }

    private struct Entry
    {
        public ulong Phone;
        public ulong Email;
        public uint Revision;
        public byte IdLength;
        public byte Flags;
        public IdBytes Id;
    }

    private static ReadOnlySpan<byte> IdOf(ref Entry entry) => MemoryMarshal.CreateReadOnlySpan(ref entry.Id[0], entry.IdLength);

    private static string IdString(ref Entry entry) => Encoding.ASCII.GetString(IdOf(ref entry));

    private static void SetId(ref Entry entry, ReadOnlySpan<byte> id)
    {
        id.CopyTo(MemoryMarshal.CreateSpan(ref entry.Id[0], ContactIds.MaxLength));
        entry.IdLength = (byte)id.Length;
    }

    private static bool IsListed(ref Entry entry) => (entry.Flags & ListedFlag) != 0;

    private static byte FlagsOf(in DirectoryRecord record) =>
        (byte)((int)record.PhoneStatus | ((int)record.Subscription << SubscriptionShift) | (record.Listed ? ListedFlag : 0));

    private static void Fill(ref Entry entry, in DirectoryRecord record)
    {
        entry.Phone = record.Phone;
        entry.Email = record.Email;
        entry.Revision = record.Revision;
        entry.Flags = FlagsOf(record);
    }

    private static bool Same(ref Entry entry, in DirectoryRecord record) =>
        entry.Revision == record.Revision && entry.Phone == record.Phone && entry.Email == record.Email && entry.Flags == FlagsOf(record);

    private static DirectoryRecord Record(ref Entry entry) => new(
        IdString(ref entry), entry.Phone, entry.Email, (PhoneStatus)(entry.Flags & StatusMask),
        (SubscriptionStatus)((entry.Flags >> SubscriptionShift) & StatusMask), entry.Revision, IsListed(ref entry));

    /// <summary>The id's ASCII bytes in <paramref name="buffer"/>.</summary>
    private static ReadOnlySpan<byte> Encode(string contactId, Span<byte> buffer)
    {
        if (!ContactIds.IsValid(contactId))
        {
            throw new ArgumentException($"'{contactId}' is not a contact id.", nameof(contactId));
        }

        return buffer[..Encoding.ASCII.GetBytes(contactId, buffer)];
    }
}
