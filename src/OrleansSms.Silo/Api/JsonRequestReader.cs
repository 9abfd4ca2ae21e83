using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace OrleansSms.Silo.Api;

/// <summary>
/// The one way a JSON request body comes in. Before anything reads a value it checks, in one
/// pass over the bytes: the media type, the size (counted while reading, so a chunked body
/// cannot slip past a missing <c>Content-Length</c>), that the body is one JSON object, that
/// every string is valid UTF-8 without control characters, that no object repeats a key, and
/// the nesting, property and string-length limits. A request that fails any of these is
/// answered with a problem naming where, and nothing downstream ever sees it.
/// </summary>
internal static class JsonRequestReader
{
    /// <summary>
    /// The largest JSON body any route takes; most routes take less (<see cref="BodyLimits"/>).
    /// CSV imports stream and have their own limit.
    /// </summary>
    public const int MaxBytes = 1 << 20;

    public const int MaxDepth = 16;

    /// <summary>Properties one object may hold: far above any request's needs, far below what would hurt.</summary>
    public const int MaxPropertiesPerObject = 256;

    /// <summary>The longest string value; each request's own rules are tighter where it matters.</summary>
    public const int MaxStringLength = 16_384;

    public const int MaxPropertyNameLength = 128;

    internal static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>Reads and checks the body; on success the caller owns (and disposes) the document.</summary>
    public static async Task<JsonReadResult> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!IsJson(request.ContentType))
        {
            return JsonReadResult.Fail(RequestProblems.UnsupportedMediaType(request.ContentType, "application/json"));
        }

        var maxBytes = BodyLimits.For(request.HttpContext);
        if (request.ContentLength > maxBytes)
        {
            return JsonReadResult.Fail(RequestProblems.TooLarge(maxBytes));
        }

        var (buffer, length) = await ReadLimitedAsync(request, maxBytes, cancellationToken);
        try
        {
            if (length < 0)
            {
                return JsonReadResult.Fail(RequestProblems.TooLarge(maxBytes));
            }

            var json = buffer.AsSpan(0, length);

            // The screen is quick and allocates nothing, but may only say "maybe not": the full
            // check, which names the problem, decides then.
            if (!JsonScreen.IsClean(json))
            {
                var errors = new ValidationErrors();
                if (!Check(json, errors))
                {
                    return JsonReadResult.Fail(RequestProblems.Invalid(errors));
                }
            }

            // Safe to parse now: every string decodes, no key repeats, depth and sizes are bounded.
            // ParseValue copies into the document's own pooled storage, so the buffer goes back now.
            var reader = new Utf8JsonReader(json, ReaderOptions);
            return JsonReadResult.Ok(JsonDocument.ParseValue(ref reader));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// A body is optional on some routes (a manual run's POST may carry none): empty means
    /// "no body" only when no media type claims one.
    /// </summary>
    public static bool HasBody(HttpRequest request) =>
        request.ContentLength is > 0 ||
        request.Headers.ContentType.Count > 0 ||
        (request.ContentLength is null && request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true);

    public static bool IsJson(string? contentType)
    {
        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        mediaType = (semicolon >= 0 ? mediaType[..semicolon] : mediaType).Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
            mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The body in a pooled buffer (the caller returns it), or length -1 once it passes
    /// <paramref name="maxBytes"/>: reading stops there.
    /// </summary>
    private static async Task<(byte[] Buffer, int Length)> ReadLimitedAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? 4096, maxBytes) + 1);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    return (buffer, length);
                }

                length += read;
                if (length > maxBytes)
                {
                    return (buffer, -1);
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Walks every token once; adds the first problem found (with its path) and answers false.</summary>
    internal static bool Check(ReadOnlySpan<byte> json, ValidationErrors errors)
    {
        if (json.IsEmpty)
        {
            errors.Add("body", "is empty: send a JSON object.");
            return false;
        }

        var reader = new Utf8JsonReader(json, ReaderOptions);
        var path = new JsonPathTracker();
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                errors.Add("body", "must be a JSON object.");
                return false;
            }

            path.StartObject();
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        path.StartObject();
                        break;
                    case JsonTokenType.StartArray:
                        path.StartArray();
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.End();
                        break;
                    case JsonTokenType.PropertyName:
                        if (!TryGetText(ref reader, path.Current, errors, out var name))
                        {
                            return false;
                        }

                        if (!CheckPropertyName(name, path, errors))
                        {
                            return false;
                        }

                        break;
                    case JsonTokenType.String:
                        path.Value();
                        if (!TryGetText(ref reader, path.Current, errors, out var text) || !CheckText(text, path.Current, errors))
                        {
                            return false;
                        }

                        break;
                    default:
                        path.Value();
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            // The reader's message names line and byte, never the request's content beyond that.
            errors.Add("body", $"is not valid JSON: {Describe(e)}");
            return false;
        }

        return true;
    }

    private static bool CheckPropertyName(string name, JsonPathTracker path, ValidationErrors errors)
    {
        var at = path.Current;
        if (name.Length > MaxPropertyNameLength)
        {
            errors.Add(at, $"has a property name longer than {MaxPropertyNameLength} characters.");
            return false;
        }

        if (ContainsControl(name, allowLineBreaks: false))
        {
            errors.AddValue(JsonPathTracker.Join(at, name), Escape(name), "is a property name with a control character.");
            return false;
        }

        if (!path.Property(name))
        {
            errors.Add(path.Current, "appears twice in the same object: each property may be given once.");
            return false;
        }

        if (path.PropertyCount > MaxPropertiesPerObject)
        {
            errors.Add(at, $"has more than {MaxPropertiesPerObject} properties.");
            return false;
        }

        return true;
    }

    private static bool CheckText(string text, string at, ValidationErrors errors)
    {
        if (text.Length > MaxStringLength)
        {
            errors.Add(at, $"is longer than {MaxStringLength} characters.");
            return false;
        }

        // Line breaks and tabs are text (an SMS may hold a newline); every field that must be
        // one line refuses them itself. Other control characters are never text.
        if (ContainsControl(text, allowLineBreaks: true))
        {
            errors.AddValue(at, Escape(text), "contains a control character.");
            return false;
        }

        return true;
    }

    private static bool TryGetText(ref Utf8JsonReader reader, string at, ValidationErrors errors, out string text)
    {
        try
        {
            text = reader.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 bytes, or an escaped lone surrogate: not text in any encoding.
            errors.Add(at, $"is not valid UTF-8 text (the string starting at byte {reader.TokenStartIndex}).");
            text = "";
            return false;
        }
    }

    /// <summary>C0 and C1 control characters and DEL; with <paramref name="allowLineBreaks"/>, not \n, \r or \t.</summary>
    public static bool ContainsControl(string text, bool allowLineBreaks)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Control characters shown as <c>\u0000</c>, so an error message is itself clean text.</summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Length > 80 ? text[..80] : text)
        {
            if (char.IsControl(c))
            {
                builder.Append($"\\u{(int)c:x4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string Describe(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    /// <summary>Where the reader is, as the error keys name it (<c>fields.firstName</c>, <c>nodes[2].id</c>).</summary>
    private sealed class JsonPathTracker
    {
        private readonly List<Frame> _frames = [];

        public string Current { get; private set; } = "body";

        public int PropertyCount => _frames[^1].Names?.Count ?? 0;

        public void StartObject()
        {
            Value();
            _frames.Add(new Frame { Names = new HashSet<string>(StringComparer.Ordinal), Prefix = _frames.Count == 0 ? null : Current });
        }

        public void StartArray()
        {
            Value();
            _frames.Add(new Frame { Index = -1, Prefix = Current });
        }

        public void End()
        {
            _frames.RemoveAt(_frames.Count - 1);
            Current = _frames.Count == 0 ? "body" : _frames[^1].Prefix ?? "body";
        }

        /// <summary>Records a key of the current object; false when the object already had it.</summary>
        public bool Property(string name)
        {
            var frame = _frames[^1];
            frame.Name = name;
            Current = Join(frame.Prefix, name);
            return frame.Names!.Add(name);
        }

        /// <summary>A value starts: in an array it is the next element.</summary>
        public void Value()
        {
            if (_frames.Count > 0 && _frames[^1].Names is null)
            {
                var frame = _frames[^1];
                frame.Index++;
                Current = $"{frame.Prefix}[{frame.Index}]";
            }
        }

        public static string Join(string? prefix, string name) => prefix is null or "body" ? name : $"{prefix}.{name}";

        private sealed class Frame
        {
            public HashSet<string>? Names { get; init; }
            public string? Prefix { get; init; }
            public string? Name { get; set; }
            public int Index { get; set; }
        }
    }
}

/// <summary>A checked body (the caller disposes it), or the problem to answer instead.</summary>
internal readonly record struct JsonReadResult(JsonDocument? Document, IResult? Problem)
{
    public static JsonReadResult Ok(JsonDocument document) => new(document, null);

    public static JsonReadResult Fail(IResult problem) => new(null, problem);
}
