using System.Text.Json;
using OrleansSms.Silo.Api;

namespace OrleansSms.Silo.Contents;

/// <summary>The body of <c>PUT …/sms/{smsId}</c>. A content's own answer may be sent back as is.</summary>
public sealed record SmsContentRequest(string Name, string Text) : IJsonRequest<SmsContentRequest>
{
    /// <summary>Ten UCS-2 segments or more: anything longer is not an SMS any provider takes.</summary>
    public const int MaxTextLength = 1600;

    public const int MaxNameLength = 200;

    public static ValueTask<SmsContentRequest?> BindAsync(JsonElement body, BindingContext context)
    {
        var errors = context.Errors;
        var name = JsonFields.RequiredText(body, "name", MaxNameLength, errors);
        var text = JsonFields.RequiredText(body, "text", MaxTextLength, errors, multiLine: true);
        JsonFields.RefuseUnknown(body, errors, "name", "text", "smsId", "analysis", "updatedAt");
        return ValueTask.FromResult(errors.Any ? null : new SmsContentRequest(name!, text!));
    }
}

/// <summary>The body of <c>POST /api/sms/analyze</c>.</summary>
public sealed record AnalyzeRequest(string Text) : IJsonRequest<AnalyzeRequest>
{
    public static ValueTask<AnalyzeRequest?> BindAsync(JsonElement body, BindingContext context)
    {
        var errors = context.Errors;
        JsonFields.RefuseUnknown(body, errors, "text");
        var text = body.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (text is null)
        {
            errors.AddValue("text", t, "is required: the SMS text to analyse.");
        }

        return ValueTask.FromResult(errors.Any ? null : new AnalyzeRequest(text!));
    }
}
