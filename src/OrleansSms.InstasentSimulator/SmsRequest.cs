using System.Text.Json;

namespace OrleansSms.InstasentSimulator;

/// <summary>One send item as read from a request body, with its field errors.</summary>
internal sealed class SmsRequest
{
    public string? From { get; set; }
    public string? To { get; set; }
    public string? Text { get; set; }
    public string? ClientId { get; set; }
    public bool AllowUnicode { get; set; }

    /// <summary>Where the item's JSON sits in the body, to echo it in a bulk error.</summary>
    public int RawStart { get; set; }
    public int RawLength { get; set; }

    /// <summary>Field → messages; null while the item is valid.</summary>
    public Dictionary<string, List<string>>? Errors { get; private set; }

    public bool IsValid => Errors is null;

    public void AddError(string field, string message)
    {
        Errors ??= new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (!Errors.TryGetValue(field, out var list))
        {
            Errors[field] = list = [];
        }

        list.Add(message);
    }
}

/// <summary>Reads send bodies with <see cref="Utf8JsonReader"/>: each item is read and judged alone.</summary>
internal static class SmsRequestParser
{
    public const int MaxBulkItems = 100;

    /// <summary>Reads one object; null (with a reason) when the body is not a JSON object.</summary>
    public static SmsRequest? ParseSingle(ReadOnlySpan<byte> body, out string? problem)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                problem = "The body must be a JSON object.";
                return null;
            }

            var item = ReadItem(ref reader);
            if (reader.Read())
            {
                problem = "Unexpected content after the JSON object.";
                return null;
            }

            problem = null;
            return item;
        }
        catch (JsonException e)
        {
            problem = "Malformed JSON: " + e.Message;
            return null;
        }
    }

    /// <summary>Reads an array of at most <see cref="MaxBulkItems"/> items; null (with a reason) otherwise.</summary>
    public static List<SmsRequest>? ParseBulk(ReadOnlySpan<byte> body, out string? problem)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                problem = "The body must be a JSON array of messages.";
                return null;
            }

            var items = new List<SmsRequest>(16);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (items.Count == MaxBulkItems)
                {
                    problem = $"At most {MaxBulkItems} messages per request.";
                    return null;
                }

                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    items.Add(ReadItem(ref reader));
                    continue;
                }

                // Not an object: echo it and say so.
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                var other = new SmsRequest { RawStart = start, RawLength = (int)reader.BytesConsumed - start };
                other.AddError("item", "This value should be an object.");
                items.Add(other);
            }

            if (reader.Read())
            {
                problem = "Unexpected content after the JSON array.";
                return null;
            }

            problem = null;
            return items;
        }
        catch (JsonException e)
        {
            problem = "Malformed JSON: " + e.Message;
            return null;
        }
    }

    /// <summary>The reader is on the item's StartObject; leaves it on the matching EndObject.</summary>
    private static SmsRequest ReadItem(ref Utf8JsonReader reader)
    {
        var item = new SmsRequest { RawStart = (int)reader.TokenStartIndex };
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = FieldOf(ref reader);
            reader.Read();
            switch (field)
            {
                case Field.From:
                    item.From = ReadString(ref reader, item, "from");
                    break;
                case Field.To:
                    item.To = ReadString(ref reader, item, "to");
                    break;
                case Field.Text:
                    item.Text = ReadString(ref reader, item, "text");
                    break;
                case Field.ClientId:
                    item.ClientId = ReadString(ref reader, item, "clientId");
                    break;
                case Field.AllowUnicode:
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.True:
                            item.AllowUnicode = true;
                            break;
                        case JsonTokenType.False or JsonTokenType.Null:
                            item.AllowUnicode = false;
                            break;

                        // Instasent's python and ruby SDKs send "true", its java SDK "1".
                        case JsonTokenType.String when reader.ValueTextEquals("true"u8) || reader.ValueTextEquals("1"u8):
                            item.AllowUnicode = true;
                            break;
                        case JsonTokenType.String when reader.ValueTextEquals("false"u8) || reader.ValueTextEquals("0"u8):
                            item.AllowUnicode = false;
                            break;
                        default:
                            item.AddError("allowUnicode", "This value should be of type bool (true, false, \"true\", \"false\", \"1\" or \"0\").");
                            reader.Skip();
                            break;
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        item.RawLength = (int)reader.BytesConsumed - item.RawStart;
        return item;
    }

    private static string? ReadString(ref Utf8JsonReader reader, SmsRequest item, string field)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Null:
                return null;
            default:
                item.AddError(field, "This value should be of type string.");
                reader.Skip();
                return null;
        }
    }

    private enum Field { Other, From, To, Text, ClientId, AllowUnicode }

    private static Field FieldOf(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("to"u8)) return Field.To;
        if (reader.ValueTextEquals("text"u8)) return Field.Text;
        if (reader.ValueTextEquals("from"u8)) return Field.From;
        if (reader.ValueTextEquals("clientId"u8)) return Field.ClientId;
        if (reader.ValueTextEquals("allowUnicode"u8)) return Field.AllowUnicode;

        // Tolerate other spellings (client_id, ClientId) rather than silently drop an id.
        return reader.GetString()?.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant() switch
        {
            "to" => Field.To,
            "text" => Field.Text,
            "from" => Field.From,
            "clientid" => Field.ClientId,
            "allowunicode" => Field.AllowUnicode,
            _ => Field.Other,
        };
    }
}
