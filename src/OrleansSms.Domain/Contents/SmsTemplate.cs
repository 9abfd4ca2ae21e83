using System.Collections.Frozen;
using System.Text;

namespace OrleansSms.Domain.Contents;

/// <summary>A rendered SMS text and the variables that had no value (rendered as empty text).</summary>
/// <param name="Text">The text with every <c>{{name}}</c> replaced.</param>
/// <param name="MissingVariables">Distinct names without a value, in order of first appearance.</param>
public sealed record RenderedSms(string Text, IReadOnlyList<string> MissingVariables)
{
    /// <summary>True when every variable had a value.</summary>
    public bool IsComplete => MissingVariables.Count == 0;
}

/// <summary>
/// Renders SMS texts: each <c>{{name}}</c> (same syntax as <see cref="SmsAnalyzer"/>: optional
/// spaces inside the braces, a name of ASCII letters, digits, <c>_</c> and <c>.</c> not starting
/// with a digit or <c>.</c>) is replaced by its value. Anything that isn't a variable stays literal.
/// Values are inserted as they are (a value that looks like <c>{{x}}</c> is not expanded again).
/// </summary>
public static class SmsTemplate
{
    /// <summary>
    /// Replaces each variable of <paramref name="text"/> by its value in <paramref name="values"/>
    /// (looked up with the dictionary's comparer). A variable without a value (absent or null)
    /// renders as empty text and is listed in <see cref="RenderedSms.MissingVariables"/>. The
    /// caller resolves fallbacks first (a variable mapping gives the value or its fallback).
    /// </summary>
    public static RenderedSms Render(string text, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(values);

        var span = text.AsSpan();
        if (!SmsVariableSyntax.TryFindNext(span, 0, out var token)) return new RenderedSms(text, []);

        var builder = new StringBuilder(text.Length + 32);
        List<string>? missing = null;
        var pos = 0;
        do
        {
            builder.Append(span[pos..token.Start]);
            var name = span.Slice(token.NameStart, token.NameLength);
            if (TryGetValue(values, name, out var value))
            {
                builder.Append(value);
            }
            else
            {
                SmsVariableSyntax.AddDistinct(ref missing, name);
            }
            pos = token.End;
        }
        while (SmsVariableSyntax.TryFindNext(span, pos, out token));
        builder.Append(span[pos..]);

        return new RenderedSms(builder.ToString(), missing is null ? [] : missing.ToArray());
    }

    /// <summary>Distinct variable names of <paramref name="text"/> in order of first appearance.</summary>
    public static IReadOnlyList<string> Variables(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SmsVariableSyntax.Names(text);
    }

    // Dictionary and FrozenDictionary with the default or an ordinal comparer look a span up
    // without allocating the name; any other dictionary gets a string.
    private static bool TryGetValue(IReadOnlyDictionary<string, string> values, ReadOnlySpan<char> name, out string? value)
    {
        switch (values)
        {
            case Dictionary<string, string> d when d.TryGetAlternateLookup<ReadOnlySpan<char>>(out var lookup):
                return lookup.TryGetValue(name, out value) && value is not null;
            case FrozenDictionary<string, string> f when f.TryGetAlternateLookup<ReadOnlySpan<char>>(out var frozen):
                return frozen.TryGetValue(name, out value) && value is not null;
            default:
                return values.TryGetValue(name.ToString(), out value) && value is not null;
        }
    }
}
