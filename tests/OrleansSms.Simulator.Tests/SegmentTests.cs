using OrleansSms.InstasentSimulator;
using static OrleansSms.Simulator.Tests.SimulatorHarness;

namespace OrleansSms.Simulator.Tests;

public sealed class SegmentTests
{
    [Theory]
    [InlineData("Hello", true, "Hello", false, 1)]
    [InlineData("ñÑüÜ¿¡Çéèùìòà", true, "ñÑüÜ¿¡Çéèùìòà", false, 1)]    // Spanish letters GSM carries
    [InlineData("Precio: 5€", true, "Precio: 5€", false, 1)]         // extension char, still GSM
    [InlineData("Adiós", true, "Adiós", true, 1)]                      // ó is not GSM: UCS-2
    [InlineData("¡Hola á!", true, "¡Hola á!", true, 1)]
    [InlineData("Hi 😀", true, "Hi 😀", true, 1)]
    [InlineData("Adiós 😀", false, "Adi?s ?", false, 1)]                // UCS-2 not allowed: '?' instead
    public async Task Encoding_and_segments_follow_GSM_03_38(string text, bool allowUnicode, string expectedText, bool unicode, int segments)
    {
        await using var sim = await StartAsync();

        var (_, body) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222", text, allowUnicode: allowUnicode));

        Assert.Equal(segments, (int)body!["entity"]!["segments"]!);
        var message = Assert.Single(await sim.MessagesAsync());
        Assert.Equal(unicode, message.Unicode);
        Assert.Equal(segments, message.Segments);
        Assert.Equal(expectedText, message.Text);
    }

    [Theory]
    [InlineData(160, "a", 1)]
    [InlineData(161, "a", 2)]
    [InlineData(306, "a", 2)]
    [InlineData(307, "a", 3)]
    [InlineData(80, "€", 1)]       // 160 septets
    [InlineData(81, "€", 2)]       // 162 septets: 76 + 5 escape pairs per part, never split
    [InlineData(153, "€", 3)]      // 306 septets but a pair cannot straddle: 76 + 76 + 1
    [InlineData(70, "á", 1)]
    [InlineData(71, "á", 2)]
    [InlineData(134, "á", 2)]
    [InlineData(135, "á", 3)]
    [InlineData(35, "😀", 1)]      // 70 UTF-16 units
    [InlineData(36, "😀", 2)]      // 72 units: 33 pairs + 3 pairs, a pair never split
    [InlineData(67, "😀", 3)]      // 134 units but 33 pairs per 67-unit part: 33 + 33 + 1
    public void Segment_boundaries(int count, string unit, int expected)
    {
        var text = string.Concat(Enumerable.Repeat(unit, count));

        var segments = Gsm7.IsGsm(text) ? Gsm7.GsmSegments(text) : Gsm7.Ucs2Segments(text);

        Assert.Equal(expected, segments);
    }

    [Fact]
    public async Task Long_texts_over_http()
    {
        await using var sim = await StartAsync();

        var (_, gsm) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222", new string('a', 161)));
        var (_, ucs) = await sim.PostAsync("/transactional/v1/sms", Sms("+34600111222", new string('á', 71), allowUnicode: true));

        Assert.Equal(2, (int)gsm!["entity"]!["segments"]!);
        Assert.Equal(2, (int)ucs!["entity"]!["segments"]!);
        Assert.True((bool)ucs["entity"]!["unicode"]!);
    }

    [Theory]
    [InlineData('á', false)]
    [InlineData('í', false)]
    [InlineData('ó', false)]
    [InlineData('ú', false)]
    [InlineData('ç', false)]
    [InlineData('’', false)]
    [InlineData('“', false)]
    [InlineData('Ç', true)]
    [InlineData('é', true)]
    [InlineData('Δ', true)]
    [InlineData('\n', true)]
    [InlineData('|', true)]
    public void Spanish_pitfalls(char c, bool gsm) => Assert.Equal(gsm, Gsm7.IsGsm(c.ToString()));
}
