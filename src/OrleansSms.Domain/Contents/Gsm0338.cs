namespace OrleansSms.Domain.Contents;

/// <summary>
/// The GSM 03.38 default alphabet as a static cost lookup: 1 septet for a basic-table character,
/// 2 for an extension-table character (escape + character), 0 for anything outside GSM 03.38.
/// </summary>
internal static class Gsm0338
{
    /// <summary>
    /// The 128 positions of the basic table in code order (0x00–0x7F). Position 0x1B is the escape
    /// to the extension table, not a character: it is held by U+001B here and excluded from the lookup.
    /// </summary>
    internal const string BasicTable =
        "@£$¥èéùìòÇ\nØø\rÅå" +                     // 0x00–0x0F
        "Δ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ" +                 // 0x10–0x1F
        " !\"#¤%&'()*+,-./" +                      // 0x20–0x2F
        "0123456789:;<=>?" +                       // 0x30–0x3F
        "¡ABCDEFGHIJKLMNO" +                       // 0x40–0x4F
        "PQRSTUVWXYZÄÖÑÜ§" +                       // 0x50–0x5F
        "¿abcdefghijklmno" +                       // 0x60–0x6F
        "pqrstuvwxyzäöñüà";                        // 0x70–0x7F

    internal const int EscapePosition = 0x1B;

    /// <summary>The extension table characters (each sent as escape + character).</summary>
    internal const string ExtensionTable = "\f^{}\\[~]|€";

    // The highest basic/extension character below U+20AC is Ω (U+03A9); € is checked apart so the
    // lookup stays 1 KB instead of 8 KB.
    private const char Euro = '€';

    private static readonly byte[] Costs = BuildCosts();

    /// <summary>Septets for <paramref name="c"/>: 1 basic, 2 extension, 0 outside GSM 03.38.</summary>
    internal static int Cost(char c)
    {
        var costs = Costs;
        return c < (uint)costs.Length ? costs[c] : c == Euro ? 2 : 0;
    }

    private static byte[] BuildCosts()
    {
        var max = 0;
        foreach (var c in BasicTable) max = Math.Max(max, c);
        foreach (var c in ExtensionTable)
        {
            if (c != Euro) max = Math.Max(max, c);
        }

        var costs = new byte[max + 1];
        for (var i = 0; i < BasicTable.Length; i++)
        {
            if (i != EscapePosition) costs[BasicTable[i]] = 1;
        }
        foreach (var c in ExtensionTable)
        {
            if (c != Euro) costs[c] = 2;
        }
        return costs;
    }
}
