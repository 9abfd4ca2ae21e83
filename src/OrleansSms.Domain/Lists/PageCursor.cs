using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace OrleansSms.Domain.Lists;

/// <summary>
/// Where the next page of a list starts (keyset: after the last item of the page before, not at
/// an offset, so items added or removed meanwhile never shift the walk). Its token is opaque to
/// clients: base64url of a tag naming the cursor's kind and the key it holds.
/// </summary>
public interface IPageCursor<TSelf> where TSelf : class, IPageCursor<TSelf>
{
    /// <summary>Reads a token this kind of cursor wrote; false for anything else (another kind's token included).</summary>
    static abstract bool TryParse(string? token, [NotNullWhen(true)] out TSelf? cursor);

    /// <summary>The token a client sends back as <c>cursor</c>.</summary>
    string ToToken();
}

/// <summary>The token format every cursor shares: <c>base64url("{tag}:{key}")</c>.</summary>
public static class PageCursor
{
    public const string Rule = "is not a cursor of this list: send back the nextCursor of the page before, as it was given.";

    /// <summary>Tokens longer than this are refused unread.</summary>
    public const int MaxTokenLength = 400;

    public static string Encode(string tag, string key) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Concat(tag, ":", key)));

    /// <summary>The key of a token written with <paramref name="tag"/>; false for any other token.</summary>
    public static bool TryDecode(string? token, string tag, [NotNullWhen(true)] out string? key)
    {
        key = null;
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength || !Base64Url.IsValid(token.AsSpan()))
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[Base64Url.GetMaxDecodedLength(token.Length)];
        if (Base64Url.DecodeFromChars(token.AsSpan(), bytes) is var written && written <= tag.Length)
        {
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes[..written]);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        if (!text.StartsWith(tag, StringComparison.Ordinal) || text[tag.Length] != ':')
        {
            return false;
        }

        key = text[(tag.Length + 1)..];
        return true;
    }

    /// <summary>Ids as the lists key them: 1–200 characters of <c>A-Z a-z 0-9 _ -</c> (store, content, workflow and run ids).</summary>
    internal static bool IsKeyId(string? id)
    {
        if (id is null || id.Length is 0 or > 200)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>A list in id order (ordinal): the next page starts after <see cref="AfterId"/>.</summary>
public sealed record IdCursor(string AfterId) : IPageCursor<IdCursor>
{
    private const string Tag = "id1";

    public static bool TryParse(string? token, [NotNullWhen(true)] out IdCursor? cursor)
    {
        cursor = PageCursor.TryDecode(token, Tag, out var key) && PageCursor.IsKeyId(key) ? new IdCursor(key) : null;
        return cursor is not null;
    }

    public string ToToken() => PageCursor.Encode(Tag, AfterId);
}

/// <summary>
/// A list newest first, by a time and then an id (both descending): the next page starts with
/// what is older than (<see cref="At"/>, <see cref="Id"/>).
/// </summary>
public sealed record TimeCursor(DateTimeOffset At, string Id) : IPageCursor<TimeCursor>
{
    private const string Tag = "at1";

    public static bool TryParse(string? token, [NotNullWhen(true)] out TimeCursor? cursor)
    {
        cursor = null;
        if (!PageCursor.TryDecode(token, Tag, out var key) || key.IndexOf('.', StringComparison.Ordinal) is var dot && dot <= 0)
        {
            return false;
        }

        if (!long.TryParse(key.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ||
            ticks > DateTimeOffset.MaxValue.UtcTicks || !PageCursor.IsKeyId(key[(dot + 1)..]))
        {
            return false;
        }

        cursor = new TimeCursor(new DateTimeOffset(ticks, TimeSpan.Zero), key[(dot + 1)..]);
        return true;
    }

    public string ToToken() => PageCursor.Encode(Tag, string.Concat(At.UtcTicks.ToString(CultureInfo.InvariantCulture), ".", Id));
}

/// <summary>A list newest first by a sequence number: the next page starts below <see cref="Before"/>.</summary>
public sealed record SequenceCursor(long Before) : IPageCursor<SequenceCursor>
{
    private const string Tag = "seq1";

    public static bool TryParse(string? token, [NotNullWhen(true)] out SequenceCursor? cursor)
    {
        cursor = PageCursor.TryDecode(token, Tag, out var key) && key.Length <= 19 &&
            long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var before) && before > 0
            ? new SequenceCursor(before)
            : null;
        return cursor is not null;
    }

    public string ToToken() => PageCursor.Encode(Tag, Before.ToString(CultureInfo.InvariantCulture));
}
