using System.Text;

namespace OrleansSms.InstasentSimulator;

/// <summary>
/// GSM 03.38 segment counting, private to the simulator: GSM-7 160 single / 153 per part
/// (extension characters cost 2 and are never split), UCS-2 70 / 67 (surrogate pairs never split).
/// </summary>
internal static class Gsm7
{
    // The 128 characters of the basic table (ESC at 0x1B excluded), in table order.
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string Extension = "\f^{}\\[~]|€";

    // 0 = not GSM, 1 = basic, 2 = extension; indexed by char for U+0000–U+03FF, € handled apart.
    private static readonly byte[] Cost = BuildCost();

    /// <summary>GSM-7 cost of a character: 1, 2 (extension) or 0 (not representable).</summary>
    public static int CostOf(char c) => c < Cost.Length ? Cost[c] : c == '€' ? 2 : 0;

    /// <summary>True when every character is in GSM 03.38 (basic or extension).</summary>
    public static bool IsGsm(string text)
    {
        foreach (var c in text)
        {
            if (CostOf(c) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Replaces every character outside GSM 03.38 (a surrogate pair counts as one) by <c>?</c>.</summary>
    public static string ToGsm(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (CostOf(c) != 0)
            {
                sb.Append(c);
                continue;
            }

            sb.Append('?');
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
        }

        return sb.ToString();
    }

    /// <summary>Segments of a GSM text (all characters representable).</summary>
    public static int GsmSegments(string text)
    {
        var units = 0;
        foreach (var c in text)
        {
            units += CostOf(c);
        }

        if (units <= 160)
        {
            return 1;
        }

        var parts = 1;
        var used = 0;
        foreach (var c in text)
        {
            var cost = CostOf(c);
            if (used + cost > 153)
            {
                parts++;
                used = 0;
            }

            used += cost;
        }

        return parts;
    }

    /// <summary>Segments of a UCS-2 text (UTF-16 code units).</summary>
    public static int Ucs2Segments(string text)
    {
        if (text.Length <= 70)
        {
            return 1;
        }

        var parts = 1;
        var used = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var cost = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            if (used + cost > 67)
            {
                parts++;
                used = 0;
            }

            used += cost;
            i += cost - 1;
        }

        return parts;
    }

    private static byte[] BuildCost()
    {
        var cost = new byte[0x400];
        foreach (var c in Basic)
        {
            cost[c] = 1;
        }

        foreach (var c in Extension)
        {
            if (c < cost.Length)
            {
                cost[c] = 2;
            }
        }

        return cost;
    }
}
