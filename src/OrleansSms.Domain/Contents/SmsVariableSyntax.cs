namespace OrleansSms.Domain.Contents;

/// <summary>A <c>{{name}}</c> occurrence: the whole token and the name inside it.</summary>
internal readonly record struct VariableToken(int Start, int Length, int NameStart, int NameLength)
{
    public int End => Start + Length;
}

/// <summary>
/// The one tokenizer for SMS variables, shared by <see cref="SmsAnalyzer"/> and
/// <see cref="SmsTemplate"/>: <c>{{</c>, optional spaces, a name (an ASCII letter or <c>_</c>, then
/// ASCII letters, digits, <c>_</c> or <c>.</c>), optional spaces, <c>}}</c>. Anything else is
/// literal text (for instance <c>{{ 1 }}</c>, <c>{{first name}}</c> or a lone <c>{</c>).
/// </summary>
internal static class SmsVariableSyntax
{
    /// <summary>Finds the first variable token starting at or after <paramref name="from"/>.</summary>
    public static bool TryFindNext(ReadOnlySpan<char> text, int from, out VariableToken token)
    {
        while (from < text.Length)
        {
            var rel = text[from..].IndexOf("{{");
            if (rel < 0) break;
            var open = from + rel;
            if (TryReadAt(text, open, out token)) return true;
            from = open + 1;
        }
        token = default;
        return false;
    }

    private static bool TryReadAt(ReadOnlySpan<char> text, int open, out VariableToken token)
    {
        token = default;
        var p = open + 2;
        while (p < text.Length && text[p] == ' ') p++;

        var nameStart = p;
        if (p >= text.Length || !(char.IsAsciiLetter(text[p]) || text[p] == '_')) return false;
        p++;
        while (p < text.Length && (char.IsAsciiLetterOrDigit(text[p]) || text[p] is '_' or '.')) p++;
        var nameLength = p - nameStart;

        while (p < text.Length && text[p] == ' ') p++;
        if (p + 1 >= text.Length || text[p] != '}' || text[p + 1] != '}') return false;

        token = new VariableToken(open, p + 2 - open, nameStart, nameLength);
        return true;
    }

    /// <summary>Adds <paramref name="name"/> to <paramref name="names"/> unless already there (ordinal).</summary>
    public static void AddDistinct(ref List<string>? names, ReadOnlySpan<char> name)
    {
        names ??= new List<string>(4);
        foreach (var existing in names)
        {
            if (name.SequenceEqual(existing)) return;
        }
        names.Add(name.ToString());
    }

    /// <summary>Distinct variable names of <paramref name="text"/> in order of first appearance.</summary>
    public static IReadOnlyList<string> Names(ReadOnlySpan<char> text)
    {
        List<string>? names = null;
        var from = 0;
        while (TryFindNext(text, from, out var token))
        {
            AddDistinct(ref names, text.Slice(token.NameStart, token.NameLength));
            from = token.End;
        }
        return names is null ? [] : names.ToArray();
    }
}
