using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OrleansSms.InstasentSimulator;

/// <summary>
/// Instasent's routes (docs/instasent.md), under <c>/transactional/v1/sms</c> and the legacy
/// <c>/sms</c>, whose sends get no delivery report (Instasent's legacy API has no webhooks).
/// Send bodies are read with <see cref="Utf8JsonReader"/> and answers written with
/// <see cref="Utf8JsonWriter"/>: the bulk path allocates little beyond the messages it keeps.
/// </summary>
internal static class InstasentApi
{
    private const int MaxBodyBytes = 4 * 1024 * 1024;
    private const int DefaultPerPage = 20;
    private const int MaxPerPage = 100;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IEndpointRouteBuilder MapInstasentApi(this IEndpointRouteBuilder routes)
    {
        foreach (var (prefix, legacy) in (ReadOnlySpan<(string, bool)>)[("/transactional/v1/sms", false), ("/sms", true)])
        {
            routes.MapPost(prefix, context => SendOneAsync(context, legacy));
            routes.MapPost(prefix + "/bulk", context => SendBulkAsync(context, legacy));
            routes.MapGet(prefix + "/{id}", GetOneAsync);
            routes.MapGet(prefix, ListAsync);
        }

        routes.MapGet("/organization/account", GetAccountAsync);
        return routes;
    }

    /// <summary>
    /// The token's organization account. Instasent does not publish this answer's shape; the
    /// simulator's is a guess (docs/instasent.md): <c>{"entity":{"balance":…,"currency":"…"}}</c>.
    /// </summary>
    private static async Task GetAccountAsync(HttpContext context)
    {
        var sim = Simulator.Of(context);
        if (await sim.AdmitAsync(context, LimitedEndpoint.Account) is not { } account)
        {
            return;
        }

        var balance = account.Balance;
        await WriteJsonAsync(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("entity"u8);
            writer.WriteNumber("balance"u8, balance.Balance);
            writer.WriteString("currency"u8, balance.Currency);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    private static async Task SendOneAsync(HttpContext context, bool legacy)
    {
        var sim = Simulator.Of(context);
        if (await sim.AdmitAsync(context, LimitedEndpoint.Send) is not { } account)
        {
            return;
        }

        // Counted once admitted (token known, no fault drawn), whatever its body turns out to be.
        sim.CountSingle();
        using var body = await ReadBodyAsync(context);
        if (body is null)
        {
            return;
        }

        var item = SmsRequestParser.ParseSingle(body.Span, out var problem);
        if (item is null)
        {
            await WriteMessageAsync(context, StatusCodes.Status400BadRequest, problem!);
            return;
        }

        if (Omitted(sim.Faults.Current))
        {
            // The omit fault: neither taken nor refused, and the answer does not say so.
            await WriteJsonAsync(context, StatusCodes.Status201Created, writer =>
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            });
            return;
        }

        var accepted = sim.Accept(account, [item], legacy);

        await sim.DelayAnswerAsync(context);
        await WriteJsonAsync(context, accepted.Count == 1 ? StatusCodes.Status201Created : StatusCodes.Status400BadRequest, writer =>
        {
            writer.WriteStartObject();
            if (accepted.Count == 1)
            {
                writer.WritePropertyName("entity"u8);
                WriteEntity(writer, accepted[0], SimMessage.Enqueued);
            }
            else
            {
                writer.WriteString("message"u8, "Validation failed.");
                WriteFields(writer, item);
            }

            writer.WriteEndObject();
        });
    }

    private static async Task SendBulkAsync(HttpContext context, bool legacy)
    {
        var sim = Simulator.Of(context);
        if (await sim.AdmitAsync(context, LimitedEndpoint.Bulk) is not { } account)
        {
            return;
        }

        // Counted once admitted (token known, no fault drawn); its items once the array parsed.
        sim.CountBulk();
        using var body = await ReadBodyAsync(context);
        if (body is null)
        {
            return;
        }

        var items = SmsRequestParser.ParseBulk(body.Span, out var problem);
        if (items is null)
        {
            await WriteMessageAsync(context, StatusCodes.Status400BadRequest, problem!);
            return;
        }

        sim.CountBulkItems(items.Count);

        // The omit fault: items neither taken nor refused, that the answer lists nowhere.
        var faults = sim.Faults.Current;
        var omitted = new bool[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            omitted[i] = Omitted(faults);
        }

        var accepted = sim.Accept(account, faults.OmitRate > 0 ? items.Where((_, i) => !omitted[i]).ToList() : items, legacy);

        await sim.DelayAnswerAsync(context);
        await WriteJsonAsync(context, StatusCodes.Status201Created, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("entities"u8);
            foreach (var message in accepted)
            {
                WriteEntity(writer, message, SimMessage.Enqueued);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("errors"u8);
            var raw = body.Span;
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                if (item.IsValid || omitted[i])
                {
                    continue;
                }

                writer.WriteStartObject();
                writer.WriteNumber("index"u8, i);
                if (faults.ErrorClientId)
                {
                    writer.WriteString("clientId"u8, item.ClientId);
                }

                if (faults.ErrorItem)
                {
                    writer.WritePropertyName("item"u8);
                    writer.WriteRawValue(raw.Slice(item.RawStart, item.RawLength), skipInputValidation: true);
                }

                WriteFields(writer, item);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static bool Omitted(SimulatorFaults faults) => faults.OmitRate > 0 && Random.Shared.NextDouble() < faults.OmitRate;

    private static async Task GetOneAsync(HttpContext context)
    {
        var sim = Simulator.Of(context);
        if (await sim.AdmitAsync(context, LimitedEndpoint.GetOne) is not { } account)
        {
            return;
        }

        var id = (string)context.GetRouteValue("id")!;
        if (sim.Store.Find(account, id) is not { } message)
        {
            await WriteMessageAsync(context, StatusCodes.Status404NotFound, "Not found.");
            return;
        }

        await WriteJsonAsync(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WritePropertyName("entity"u8);
            WriteEntity(writer, message, message.StatusAt(sim.Store.Now));
            writer.WriteEndObject();
        });
    }

    private static async Task ListAsync(HttpContext context)
    {
        var sim = Simulator.Of(context);
        if (await sim.AdmitAsync(context, LimitedEndpoint.List) is not { } account)
        {
            return;
        }

        var query = context.Request.Query;
        var page = int.TryParse(query["page"], out var p) && p >= 1 ? p : 1;
        var perPage = int.TryParse(query["per_page"], out var pp) && pp >= 1 ? Math.Min(pp, MaxPerPage) : DefaultPerPage;
        var (messages, total) = account.Page(page, perPage);
        var now = sim.Store.Now;
        await WriteJsonAsync(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("entities"u8);
            foreach (var message in messages)
            {
                WriteEntity(writer, message, message.StatusAt(now));
            }

            writer.WriteEndArray();
            writer.WriteStartObject("pagination"u8);
            writer.WriteNumber("page"u8, page);
            writer.WriteNumber("perPage"u8, perPage);
            writer.WriteNumber("total"u8, total);
            writer.WriteNumber("pages"u8, (total + perPage - 1) / perPage);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    /// <param name="status">A send's answer says <c>enqueued</c> even if the report already went out; a read says <see cref="SimMessage.StatusAt"/>.</param>
    private static void WriteEntity(Utf8JsonWriter writer, SimMessage message, string status)
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, message.Id);
        writer.WriteString("clientId"u8, message.ClientId);
        writer.WriteString("status"u8, status);
        writer.WriteString("from"u8, message.From);
        writer.WriteString("to"u8, message.To);
        writer.WriteString("text"u8, message.Text);
        writer.WriteBoolean("allowUnicode"u8, message.AllowUnicode);
        writer.WriteBoolean("unicode"u8, message.Unicode);
        writer.WriteString("encoding"u8, message.Unicode ? "UCS2"u8 : "GSM_7BIT"u8);
        writer.WriteNumber("segments"u8, message.Segments);
        writer.WriteNumber("charsCount"u8, message.Text.Length);
        writer.WriteString("createdAt"u8, message.ReceivedAt.UtcDateTime);
        writer.WriteEndObject();
    }

    private static void WriteFields(Utf8JsonWriter writer, SmsRequest item)
    {
        writer.WriteStartObject("fields"u8);
        foreach (var (field, messages) in item.Errors!)
        {
            writer.WriteStartArray(field);
            foreach (var message in messages)
            {
                writer.WriteStringValue(message);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    internal static Task WriteMessageAsync(HttpContext context, int status, string message) =>
        WriteJsonAsync(context, status, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("message"u8, message);
            writer.WriteEndObject();
        });

    private static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    /// <summary>The whole body in one pooled buffer; null once a 413 has been answered.</summary>
    private static async Task<PooledBody?> ReadBodyAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(context.RequestAborted);
            var buffer = result.Buffer;
            if (buffer.Length > MaxBodyBytes)
            {
                reader.AdvanceTo(buffer.End);
                await WriteMessageAsync(context, StatusCodes.Status413PayloadTooLarge, $"The body exceeds {MaxBodyBytes} bytes.");
                return null;
            }

            if (result.IsCompleted)
            {
                var body = new PooledBody((int)buffer.Length);
                buffer.CopyTo(body.Array);
                reader.AdvanceTo(buffer.End);
                return body;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private sealed class PooledBody(int length) : IDisposable
    {
        public byte[] Array { get; } = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));

        public ReadOnlySpan<byte> Span => Array.AsSpan(0, length);

        public void Dispose() => ArrayPool<byte>.Shared.Return(Array);
    }
}
