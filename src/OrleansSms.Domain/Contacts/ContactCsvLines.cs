using System.Buffers;
using System.Globalization;
using System.Text.Unicode;

namespace OrleansSms.Domain.Contacts;

/// <summary>
/// The text Sep parses for a contact import: the body's physical lines, each checked before Sep
/// sees it, because Sep cannot make these checks itself (it decodes through a <see cref="TextReader"/>
/// that turns invalid UTF-8 into U+FFFD, throws for a row over 16 Mi characters and stops reading,
/// and lets a quote that never closes run on through the following lines).
/// <list type="bullet">
/// <item>Lines end at <c>\n</c>, <c>\r\n</c> or a lone <c>\r</c>, as Sep ends them. Every line
/// reaches Sep ended by <c>\n</c>, so Sep's line numbers stay the physical ones.</item>
/// <item>A line longer than the limit (in bytes, its line break not counted) is rejected; its
/// bytes are dropped as they arrive, so it costs no memory whatever its size.</item>
/// <item>A line that is not valid UTF-8 is rejected, naming the first bad byte (a UTF-8 BOM at
/// the start of the file is skipped).</item>
/// <item>A line with an odd number of <c>"</c> is rejected: a quoted cell must close on the line
/// it opens (<c>""</c> inside it is a quote), so a cell cannot hold a line break and a stray
/// quote cannot swallow the lines after it. With an even number Sep's quote state is closed at
/// the line's end, so each line Sep gets is exactly one row.</item>
/// <item>A line with a control character (C0 but the tab, DEL, C1) is rejected, naming it: such
/// a character is never text, as in a JSON body.</item>
/// </list>
/// A rejected line reaches Sep empty (a blank row the reader skips) and its reason waits in
/// <see cref="TryTakeRejection"/>. Only <see cref="ReadAsync(Memory{char}, CancellationToken)"/>
/// reads: the body is read asynchronously or not at all.
/// </summary>
internal sealed class ContactCsvLines : TextReader
{
    private const int InitialLength = 64 * 1024;

    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The control characters no cell may hold: C0 but the tab (line breaks end lines), DEL and C1.</summary>
    private static readonly SearchValues<char> Controls = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(c => c != '\t').Select(c => (char)c), .. Enumerable.Range(0x7F, 0x21).Select(c => (char)c)]);

    private readonly Stream _stream;
    private readonly int _maxLineBytes;

    /// <summary>The byte buffer never needs more: a line that fills it is over the limit.</summary>
    private readonly int _maxBytesLength;

    private readonly Queue<(int Line, string Reason)> _rejected = new();
    private byte[] _bytes;
    private int _bytesStart;
    private int _bytesEnd;
    private bool _endOfStream;
    private char[] _chars;
    private int _charsStart;
    private int _charsEnd;

    /// <summary>Lines framed so far (the number of the last one).</summary>
    private int _line;

    /// <summary>The last line ended with a <c>\r</c> at the end of the bytes read: a <c>\n</c> next belongs to it.</summary>
    private bool _skipLineFeed;

    /// <summary>The current line has passed the limit: its bytes are dropped up to its end.</summary>
    private bool _overlong;

    /// <summary>Bytes of the current line already searched for its end (a long line arrives over many reads).</summary>
    private int _searched;

    /// <summary>The start of the body has been looked at for a BOM.</summary>
    private bool _bomSkipped;

    public ContactCsvLines(Stream stream, int maxLineBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        _stream = stream;
        _maxLineBytes = maxLineBytes;
        _maxBytesLength = Math.Max(InitialLength, maxLineBytes + 2);
        _bytes = ArrayPool<byte>.Shared.Rent(InitialLength);
        _chars = ArrayPool<char>.Shared.Rent(InitialLength);
    }

    /// <summary>The next rejected line numbered <paramref name="upToLine"/> or lower, in line order.</summary>
    public bool TryTakeRejection(int upToLine, out int line, out string reason)
    {
        if (_rejected.TryPeek(out var next) && next.Line <= upToLine)
        {
            _rejected.Dequeue();
            (line, reason) = next;
            return true;
        }

        (line, reason) = (0, "");
        return false;
    }

    public override async ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
    {
        while (_charsStart == _charsEnd)
        {
            _charsStart = _charsEnd = 0;
            FrameLines();
            if (_charsEnd > 0)
            {
                break;
            }

            if (_endOfStream)
            {
                return 0;
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }

        var count = Math.Min(buffer.Length, _charsEnd - _charsStart);
        _chars.AsSpan(_charsStart, count).CopyTo(buffer.Span);
        _charsStart += count;
        return count;
    }

    public override Task<int> ReadAsync(char[] buffer, int index, int count) =>
        ReadAsync(buffer.AsMemory(index, count)).AsTask();

    public override int Read(Span<char> buffer) => throw SyncRead();

    public override int Read(char[] buffer, int index, int count) => throw SyncRead();

    public override int Read() => throw SyncRead();

    public override int Peek() => throw SyncRead();

    private static NotSupportedException SyncRead() => new("An import's body is read asynchronously only.");

    /// <summary>Reads more of the body behind what is still unframed.</summary>
    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_bytesStart > 0)
        {
            _bytes.AsSpan(_bytesStart, _bytesEnd - _bytesStart).CopyTo(_bytes);
            _bytesEnd -= _bytesStart;
            _bytesStart = 0;
        }

        if (_bytesEnd == _bytes.Length)
        {
            // A line not over the limit yet, longer than the buffer: FrameLines drops a line that
            // fills _maxBytesLength, so there is always room to grow to.
            Grow(ref _bytes, Math.Min(_bytes.Length * 2, _maxBytesLength), _bytesEnd);
        }

        var read = await _stream.ReadAsync(_bytes.AsMemory(_bytesEnd), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            _endOfStream = true;
        }

        _bytesEnd += read;
    }

    /// <summary>
    /// Frames the whole lines read so far (at the end of the body, the last one too) into the
    /// text Sep reads, as far as the text buffer holds them.
    /// </summary>
    private void FrameLines()
    {
        while (true)
        {
            var data = _bytes.AsSpan(_bytesStart, _bytesEnd - _bytesStart);
            if (!_bomSkipped)
            {
                if (data.Length < Bom.Length && !_endOfStream && Bom.StartsWith(data))
                {
                    return; // a BOM, or the start of one: wait for the rest
                }

                _bomSkipped = true;
                if (data.StartsWith(Bom))
                {
                    _bytesStart += Bom.Length;
                    data = data[Bom.Length..];
                }
            }

            if (_skipLineFeed && data.Length > 0)
            {
                _skipLineFeed = false;
                if (data[0] == (byte)'\n')
                {
                    _bytesStart++;
                    data = data[1..];
                }
            }

            var end = data[_searched..].IndexOfAny((byte)'\r', (byte)'\n');
            if (end >= 0)
            {
                end += _searched;
            }

            int breakLength;
            if (end >= 0)
            {
                breakLength = 1;
                if (data[end] == (byte)'\r')
                {
                    if (end + 1 < data.Length)
                    {
                        breakLength = data[end + 1] == (byte)'\n' ? 2 : 1;
                    }
                    else
                    {
                        _skipLineFeed = true; // the '\n' of a "\r\n" may come with the next read
                    }
                }
            }
            else if (_endOfStream && (data.Length > 0 || _overlong))
            {
                (end, breakLength) = (data.Length, 0); // the last line, without a line break
            }
            else
            {
                _searched = data.Length;
                if (_overlong || data.Length > _maxLineBytes)
                {
                    _overlong = true;
                    _bytesStart = _bytesEnd; // dropped: nothing of a line over the limit is kept
                    _searched = 0;
                }

                return; // the line's end is still to come (or the body has ended)
            }

            var line = data[..end];
            var rejected = _overlong || line.Length > _maxLineBytes;
            var room = rejected ? 1 : line.Length + 1; // UTF-16 takes at most one char per UTF-8 byte
            if (_chars.Length - _charsEnd < room)
            {
                if (_charsEnd > 0)
                {
                    return; // Sep takes what is framed first
                }

                Grow(ref _chars, room, 0);
            }

            _line++;
            if (rejected)
            {
                Reject(string.Create(CultureInfo.InvariantCulture, $"the line is longer than {_maxLineBytes} bytes"));
            }
            else
            {
                Frame(line);
            }

            _chars[_charsEnd++] = '\n';
            _overlong = false;
            _searched = 0;
            _bytesStart += end + breakLength;
        }
    }

    /// <summary>Decodes a line within the limit into the text, or rejects it.</summary>
    private void Frame(ReadOnlySpan<byte> line)
    {
        var status = Utf8.ToUtf16(line, _chars.AsSpan(_charsEnd), out var bytesRead, out var charsWritten, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            Reject(string.Create(CultureInfo.InvariantCulture,
                $"the line is not UTF-8 (byte 0x{line[bytesRead]:X2} at byte {bytesRead + 1} of the line): save the file as UTF-8"));
            return;
        }

        // '"' is ASCII: in UTF-8 its byte is never part of another character.
        if (line.Count((byte)'"') % 2 != 0)
        {
            Reject("unbalanced quote: a quoted cell must close on the line it opens (\"\" inside it is a quote)");
            return;
        }

        var text = _chars.AsSpan(_charsEnd, charsWritten);
        var control = text.IndexOfAny(Controls);
        if (control >= 0)
        {
            Reject(string.Create(CultureInfo.InvariantCulture,
                $"the line has a control character (U+{(int)text[control]:X4} at character {control + 1} of the line): such characters are not text"));
            return;
        }

        _charsEnd += charsWritten;
    }

    private void Reject(string reason) => _rejected.Enqueue((_line, reason));

    private static void Grow<T>(ref T[] array, int length, int keep)
    {
        var grown = ArrayPool<T>.Shared.Rent(length);
        array.AsSpan(0, keep).CopyTo(grown);
        ArrayPool<T>.Shared.Return(array);
        array = grown;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
            ArrayPool<char>.Shared.Return(_chars);
            _bytes = [];
            _chars = [];
        }

        base.Dispose(disposing);
    }
}
