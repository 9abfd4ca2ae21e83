using OrleansSms.Domain.Contents;

namespace OrleansSms.Domain.Tests.Contents;

public class SmsAnalyzerTests
{
    private static string A(int n) => new('a', n);

    private static string Repeat(string s, int n) => string.Concat(Enumerable.Repeat(s, n));

    public static TheoryData<string, string, SmsEncoding, int, int, string[]> Texts => new()
    {
        // label, text, encoding, characters, segments, non-GSM characters
        { "empty", "", SmsEncoding.Gsm7, 0, 0, [] },
        { "plain", "Hola", SmsEncoding.Gsm7, 4, 1, [] },
        { "e acute is GSM", "é", SmsEncoding.Gsm7, 1, 1, [] },
        { "a acute is not", "á", SmsEncoding.Ucs2, 1, 1, ["á"] },
        { "o acute", "canción", SmsEncoding.Ucs2, 7, 1, ["ó"] },
        { "n tilde", "Mañana", SmsEncoding.Gsm7, 6, 1, [] },
        { "u acute in Ñandú", "Ñandú", SmsEncoding.Ucs2, 5, 1, ["ú"] },
        { "Spanish GSM set", "é è ù ì ò à ñ Ñ ü Ü ¿ ¡ Ç", SmsEncoding.Gsm7, 25, 1, [] },
        { "Spanish non-GSM set", "á í ó ú ç", SmsEncoding.Ucs2, 9, 1, ["á", "í", "ó", "ú", "ç"] },
        { "distinct, first appearance", "úáú á", SmsEncoding.Ucs2, 5, 1, ["ú", "á"] },
        { "C cedilla upper", "Ç", SmsEncoding.Gsm7, 1, 1, [] },
        { "c cedilla lower", "ç", SmsEncoding.Ucs2, 1, 1, ["ç"] },
        { "euro", "€", SmsEncoding.Gsm7, 2, 1, [] },
        { "euro with digits", "10€", SmsEncoding.Gsm7, 4, 1, [] },
        { "braces", "{}", SmsEncoding.Gsm7, 4, 1, [] },
        { "brackets", "[]", SmsEncoding.Gsm7, 4, 1, [] },
        { "caret tilde pipe backslash", "^~|\\", SmsEncoding.Gsm7, 8, 1, [] },
        { "form feed", "\f", SmsEncoding.Gsm7, 2, 1, [] },
        { "currency and signs", "@£$¥¤§", SmsEncoding.Gsm7, 6, 1, [] },
        { "Latin letters of the table", "ÄÖÑÜäöñüÅåÆæßØøÉ", SmsEncoding.Gsm7, 16, 1, [] },
        { "Greek capitals of the table", "ΔΦΓΛΩΠΨΣΘΞ", SmsEncoding.Gsm7, 10, 1, [] },
        { "Greek lower case", "αβ", SmsEncoding.Ucs2, 2, 1, ["α", "β"] },
        { "newline", "Line\nnext", SmsEncoding.Gsm7, 9, 1, [] },
        { "CRLF", "a\r\nb", SmsEncoding.Gsm7, 4, 1, [] },
        { "newline with accent", "Línea\nnueva", SmsEncoding.Ucs2, 11, 1, ["í"] },
        { "backtick", "`", SmsEncoding.Ucs2, 1, 1, ["`"] },
        { "tab", "a\tb", SmsEncoding.Ucs2, 3, 1, ["\t"] },
        { "no-break space", "10\u00A0€", SmsEncoding.Ucs2, 4, 1, ["\u00A0"] },
        { "ellipsis", "Wait…", SmsEncoding.Ucs2, 5, 1, ["…"] },
        { "E circumflex", "Ê", SmsEncoding.Ucs2, 1, 1, ["Ê"] },
        { "typographic apostrophe", "It’s", SmsEncoding.Ucs2, 4, 1, ["’"] },
        { "typographic quotes", "“Hola”", SmsEncoding.Ucs2, 6, 1, ["“", "”"] },
        { "euro costs 1 in UCS-2", "10€ más", SmsEncoding.Ucs2, 7, 1, ["á"] },
        { "emoji", "😀", SmsEncoding.Ucs2, 2, 1, ["😀"] },
        { "emoji and text", "Hola 😀", SmsEncoding.Ucs2, 7, 1, ["😀"] },
        { "same emoji twice", "😀😀", SmsEncoding.Ucs2, 4, 1, ["😀"] },
        { "emoji with skin tone", "Hi 👍🏽", SmsEncoding.Ucs2, 7, 1, ["👍🏽"] },
        { "flag", "🇪🇸", SmsEncoding.Ucs2, 4, 1, ["🇪🇸"] },
        { "ZWJ family", "👨‍👩‍👧", SmsEncoding.Ucs2, 8, 1, ["👨‍👩‍👧"] },
        { "decomposed e acute", "e\u0301", SmsEncoding.Ucs2, 2, 1, ["e\u0301"] },
        { "Chinese", "你好", SmsEncoding.Ucs2, 2, 1, ["你", "好"] },
        { "Cyrillic", "Привет", SmsEncoding.Ucs2, 6, 1, ["П", "р", "и", "в", "е", "т"] },
        { "variable counted literally, braces cost 2", "{{firstName}}", SmsEncoding.Gsm7, 17, 1, [] },
        { "GSM 160", A(160), SmsEncoding.Gsm7, 160, 1, [] },
        { "GSM 161", A(161), SmsEncoding.Gsm7, 161, 2, [] },
        { "GSM 306", A(306), SmsEncoding.Gsm7, 306, 2, [] },
        { "GSM 307", A(307), SmsEncoding.Gsm7, 307, 3, [] },
        { "GSM 459", A(459), SmsEncoding.Gsm7, 459, 3, [] },
        { "GSM 460", A(460), SmsEncoding.Gsm7, 460, 4, [] },
        { "158 + euro = 160", A(158) + "€", SmsEncoding.Gsm7, 160, 1, [] },
        { "159 + euro = 161", A(159) + "€", SmsEncoding.Gsm7, 161, 2, [] },
        { "80 euros", Repeat("€", 80), SmsEncoding.Gsm7, 160, 1, [] },
        { "81 euros", Repeat("€", 81), SmsEncoding.Gsm7, 162, 2, [] },
        { "UCS-2 70", "á" + A(69), SmsEncoding.Ucs2, 70, 1, ["á"] },
        { "UCS-2 71", "á" + A(70), SmsEncoding.Ucs2, 71, 2, ["á"] },
        { "UCS-2 134", A(133) + "á", SmsEncoding.Ucs2, 134, 2, ["á"] },
        { "UCS-2 135", A(134) + "á", SmsEncoding.Ucs2, 135, 3, ["á"] },
        { "UCS-2 201", A(200) + "á", SmsEncoding.Ucs2, 201, 3, ["á"] },
        { "UCS-2 202", A(201) + "á", SmsEncoding.Ucs2, 202, 4, ["á"] },
        { "35 emoji = 70 units", Repeat("😀", 35), SmsEncoding.Ucs2, 70, 1, ["😀"] },
        { "36 emoji = 72 units", Repeat("😀", 36), SmsEncoding.Ucs2, 72, 2, ["😀"] },
        { "one accent turns 160 GSM into UCS-2", A(159) + "á", SmsEncoding.Ucs2, 160, 3, ["á"] },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Analysis(string label, string text, SmsEncoding encoding, int characters, int segments, string[] nonGsm)
    {
        var analysis = SmsAnalyzer.Analyze(text);
        Assert.True(encoding == analysis.Encoding, $"{label}: encoding {analysis.Encoding}");
        Assert.True(characters == analysis.Characters, $"{label}: characters {analysis.Characters}");
        Assert.True(segments == analysis.Segments, $"{label}: segments {analysis.Segments}");
        Assert.Equal<string>(nonGsm, analysis.NonGsmCharacters);
        Assert.Equal(analysis.Encoding == SmsEncoding.Gsm7, SmsAnalyzer.IsGsm7(text));
    }

    [Theory]
    [InlineData("Hola {{firstName}}", new[] { "firstName" })]
    [InlineData("Hola {{ firstName }}", new[] { "firstName" })]
    [InlineData("{{a}} {{ b }} {{  c  }}", new[] { "a", "b", "c" })]
    [InlineData("{{a}}{{b}}{{a}}{{ a }}", new[] { "a", "b" })]
    [InlineData("{{order.total}}", new[] { "order.total" })]
    [InlineData("{{_x1}}", new[] { "_x1" })]
    [InlineData("{{firstName}} y {{FirstName}}", new[] { "firstName", "FirstName" })]
    [InlineData("{{{firstName}}}", new[] { "firstName" })]
    [InlineData("{{{{a}}", new[] { "a" })]
    [InlineData("{{1x}} {{first name}} {firstName} {{firstName} {{}} {{ }} {{.a}} {{ñame}} {{a-b}} {{\ta}}", new string[0])]
    [InlineData("Sin variables", new string[0])]
    [InlineData("", new string[0])]
    public void Variables(string text, string[] expected)
    {
        Assert.Equal<string>(expected, SmsAnalyzer.Analyze(text).Variables);
        Assert.Equal<string>(expected, SmsTemplate.Variables(text));
    }

    [Fact]
    public void Analysis_reports_variables_with_non_gsm_text()
    {
        var analysis = SmsAnalyzer.Analyze("¡Hola {{ nombre }}! Tu pedido está listo 📦");
        Assert.Equal(SmsEncoding.Ucs2, analysis.Encoding);
        Assert.Equal(["á", "📦"], analysis.NonGsmCharacters);
        Assert.Equal(["nombre"], analysis.Variables);
    }

    [Fact]
    public void Basic_table_has_128_positions_and_127_characters()
    {
        Assert.Equal(128, Gsm0338.BasicTable.Length);
        Assert.Equal('\u001B', Gsm0338.BasicTable[Gsm0338.EscapePosition]);
        Assert.Equal(128, Gsm0338.BasicTable.Distinct().Count());
        // Spot checks of code positions from GSM 03.38.
        Assert.Equal('@', Gsm0338.BasicTable[0x00]);
        Assert.Equal('Ç', Gsm0338.BasicTable[0x09]);
        Assert.Equal('\n', Gsm0338.BasicTable[0x0A]);
        Assert.Equal('\r', Gsm0338.BasicTable[0x0D]);
        Assert.Equal('Δ', Gsm0338.BasicTable[0x10]);
        Assert.Equal('É', Gsm0338.BasicTable[0x1F]);
        Assert.Equal('¤', Gsm0338.BasicTable[0x24]);
        Assert.Equal('¡', Gsm0338.BasicTable[0x40]);
        Assert.Equal('§', Gsm0338.BasicTable[0x5F]);
        Assert.Equal('¿', Gsm0338.BasicTable[0x60]);
        Assert.Equal('à', Gsm0338.BasicTable[0x7F]);
        for (var i = 0x20; i < 0x80; i++)
        {
            var c = Gsm0338.BasicTable[i];
            var expected = i switch { 0x24 => '¤', 0x40 => '¡', >= 0x5B and <= 0x5F or >= 0x7B => c, 0x60 => '¿', _ => (char)i };
            Assert.Equal(expected, c);
        }
    }

    [Fact]
    public void Every_utf16_code_unit_has_the_right_cost()
    {
        var basic = 0;
        var extension = 0;
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var cost = Gsm0338.Cost((char)c);
            if (cost == 1) basic++;
            if (cost == 2) extension++;
        }
        Assert.Equal(127, basic);
        Assert.Equal(10, extension);
        foreach (var c in "\f^{}\\[~]|€") Assert.Equal(2, Gsm0338.Cost(c));
        Assert.Equal(0, Gsm0338.Cost('\u001B'));
    }

    [Fact]
    public void Printable_ascii_outside_gsm_is_only_the_backtick()
    {
        var outside = new List<char>();
        for (var c = ' '; c <= '~'; c++)
        {
            if (!SmsAnalyzer.IsGsm7(c)) outside.Add(c);
        }
        Assert.Equal(['`'], outside);
    }

    [Theory]
    [InlineData(SmsEncoding.Gsm7, 0, 0)]
    [InlineData(SmsEncoding.Gsm7, 1, 1)]
    [InlineData(SmsEncoding.Gsm7, 612, 4)]
    [InlineData(SmsEncoding.Gsm7, 613, 5)]
    [InlineData(SmsEncoding.Ucs2, 0, 0)]
    [InlineData(SmsEncoding.Ucs2, 268, 4)]
    [InlineData(SmsEncoding.Ucs2, 269, 5)]
    public void Segment_formula(SmsEncoding encoding, int characters, int segments) =>
        Assert.Equal(segments, SmsAnalyzer.Segments(encoding, characters));
}
