using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace OrleansSms.Silo.Api;

/// <summary>
/// The quick pass over a body that nearly every request takes: the same rules as
/// <see cref="JsonRequestReader.Check"/> without building paths or strings, so a clean body costs
/// one read of its bytes and no allocation. It never calls a body clean that the full check would
/// refuse; it may refuse one the full check accepts (two keys whose hashes collide), which is why
/// a refusal here only sends the body to the full check, which decides and names the problem.
/// </summary>
internal static class JsonScreen
{
    public static bool IsClean(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty)
        {
            return false;
        }

        var names = ArrayPool<ulong>.Shared.Rent(64);
        Span<int> objectStarts = stackalloc int[JsonRequestReader.MaxDepth + 2];
        var depth = -1;
        var count = 0;
        try
        {
            var reader = new Utf8JsonReader(json, JsonRequestReader.ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            objectStarts[++depth] = count;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        objectStarts[++depth] = count;
                        break;
                    case JsonTokenType.EndObject:
                        count = objectStarts[depth--];
                        break;
                    case JsonTokenType.PropertyName:
                        if (!TryHashName(ref reader, out var hash))
                        {
                            return false;
                        }

                        var start = objectStarts[depth];
                        if (count - start >= JsonRequestReader.MaxPropertiesPerObject || names.AsSpan(start, count - start).Contains(hash))
                        {
                            return false;
                        }

                        if (count == names.Length)
                        {
                            var bigger = ArrayPool<ulong>.Shared.Rent(names.Length * 2);
                            names.AsSpan(0, count).CopyTo(bigger);
                            ArrayPool<ulong>.Shared.Return(names);
                            names = bigger;
                        }

                        names[count++] = hash;
                        break;
                    case JsonTokenType.String:
                        if (!IsCleanText(ref reader, JsonRequestReader.MaxStringLength, allowLineBreaks: true))
                        {
                            return false;
                        }

                        break;
                }
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(names);
        }
    }

    /// <summary>A clean property name's FNV-1a hash over its unescaped UTF-8.</summary>
    private static bool TryHashName(ref Utf8JsonReader reader, out ulong hash)
    {
        hash = 0;
        if (!IsCleanText(ref reader, JsonRequestReader.MaxPropertyNameLength, allowLineBreaks: false))
        {
            return false;
        }

        Span<byte> unescaped = stackalloc byte[JsonRequestReader.MaxPropertyNameLength * 3];
        var bytes = reader.ValueIsEscaped ? unescaped[..reader.CopyString(unescaped)] : reader.ValueSpan;
        hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return true;
    }

    /// <summary>Valid UTF-8, no control character (line breaks only where allowed), within the length.</summary>
    private static bool IsCleanText(ref Utf8JsonReader reader, int maxChars, bool allowLineBreaks)
    {
        if (reader.ValueIsEscaped)
        {
            // Rare: decode and check as text (a lone escaped surrogate throws here).
            string text;
            try
            {
                text = reader.GetString()!;
            }
            catch (InvalidOperationException)
            {
                return false;
            }

            return text.Length <= maxChars && !JsonRequestReader.ContainsControl(text, allowLineBreaks);
        }

        // Unescaped, the reader has already refused C0 characters: DEL and C1 are left.
        var span = reader.ValueSpan;
        if (!Utf8.IsValid(span) || span.Contains((byte)0x7F) || ContainsC1(span))
        {
            return false;
        }

        return span.Length <= maxChars || Encoding.UTF8.GetCharCount(span) <= maxChars;
    }

    /// <summary>U+0080–U+009F, which UTF-8 writes as 0xC2 followed by 0x80–0x9F.</summary>
    private static bool ContainsC1(ReadOnlySpan<byte> utf8)
    {
        var at = utf8.IndexOf((byte)0xC2);
        while (at >= 0 && at + 1 < utf8.Length)
        {
            if (utf8[at + 1] is >= 0x80 and <= 0x9F)
            {
                return true;
            }

            var next = utf8[(at + 1)..].IndexOf((byte)0xC2);
            at = next < 0 ? -1 : at + 1 + next;
        }

        return false;
    }
}
