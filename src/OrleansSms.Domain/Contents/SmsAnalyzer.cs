using System.Globalization;

namespace OrleansSms.Domain.Contents;

/// <summary>
/// Encoding, length, segments, offending characters and variables of an SMS text, as written
/// (variables are counted literally; analyse the rendered text to know what a contact gets).
/// </summary>
/// <remarks>
/// GSM-7 when every character is in the GSM 03.38 basic table (1 septet) or extension table
/// (<c>\f ^ { } \ [ ~ ] | €</c>, 2 septets); otherwise UCS-2, counted in UTF-16 code units.
/// Segments follow the usual formula: one part up to 160 septets / 70 code units, else
/// ceil(n / 153) / ceil(n / 67) (concatenated parts carry a 6-byte header). On the hot path: one
/// table lookup per character, no regex, no LINQ; allocation only for non-empty result lists.
/// </remarks>
public static class SmsAnalyzer
{
    public const int Gsm7SingleSegment = 160;
    public const int Gsm7MultiSegment = 153;
    public const int Ucs2SingleSegment = 70;
    public const int Ucs2MultiSegment = 67;

    /// <summary>Analyses <paramref name="text"/>.</summary>
    public static SmsAnalysis Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Analyze(text.AsSpan());
    }

    /// <inheritdoc cref="Analyze(string)"/>
    public static SmsAnalysis Analyze(ReadOnlySpan<char> text)
    {
        var septets = 0;
        var firstNonGsm = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var cost = Gsm0338.Cost(text[i]);
            if (cost == 0)
            {
                firstNonGsm = i;
                break;
            }
            septets += cost;
        }

        var variables = SmsVariableSyntax.Names(text);
        if (firstNonGsm < 0)
        {
            return new SmsAnalysis(SmsEncoding.Gsm7, septets, Segments(SmsEncoding.Gsm7, septets), [], variables);
        }

        return new SmsAnalysis(
            SmsEncoding.Ucs2,
            text.Length,
            Segments(SmsEncoding.Ucs2, text.Length),
            NonGsmCharacters(text, firstNonGsm),
            variables);
    }

    /// <summary>True when every character of <paramref name="text"/> is in GSM 03.38.</summary>
    public static bool IsGsm7(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (Gsm0338.Cost(c) == 0) return false;
        }
        return true;
    }

    /// <summary>True when <paramref name="c"/> is in the GSM 03.38 basic or extension table.</summary>
    public static bool IsGsm7(char c) => Gsm0338.Cost(c) != 0;

    /// <summary>
    /// Segments for <paramref name="characters"/> septets (GSM-7) or code units (UCS-2): 0 when
    /// empty, 1 up to 160/70, else ceil(n / 153) / ceil(n / 67).
    /// </summary>
    public static int Segments(SmsEncoding encoding, int characters)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(characters);
        if (characters == 0) return 0;
        var (single, multi) = encoding == SmsEncoding.Gsm7
            ? (Gsm7SingleSegment, Gsm7MultiSegment)
            : (Ucs2SingleSegment, Ucs2MultiSegment);
        return characters <= single ? 1 : (characters + multi - 1) / multi;
    }

    /// <summary>
    /// Distinct grapheme clusters holding at least one non-GSM character, in order of first
    /// appearance. Clusters are walked from the start, since one may begin with a GSM character
    /// (<c>e</c> + combining accent); clusters ending before <paramref name="firstNonGsm"/> are
    /// all GSM and are skipped unchecked.
    /// </summary>
    private static string[] NonGsmCharacters(ReadOnlySpan<char> text, int firstNonGsm)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lookup = seen.GetAlternateLookup<ReadOnlySpan<char>>();
        var found = new List<string>();
        var pos = 0;
        while (pos < text.Length)
        {
            var length = StringInfo.GetNextTextElementLength(text[pos..]);
            if (length <= 0) length = 1; // defensive: always progress
            var end = pos + length;
            if (end > firstNonGsm)
            {
                var cluster = text.Slice(pos, length);
                if (!IsGsm7(cluster) && !lookup.Contains(cluster))
                {
                    var s = cluster.ToString();
                    seen.Add(s);
                    found.Add(s);
                }
            }
            pos = end;
        }
        return found.ToArray();
    }
}
