using System.Collections.Frozen;
using System.Collections.ObjectModel;
using OrleansSms.Domain.Contents;

namespace OrleansSms.Domain.Tests.Contents;

public class SmsTemplateTests
{
    private static readonly Dictionary<string, string> Values = new()
    {
        ["firstName"] = "Ana",
        ["order.total"] = "25,90€",
        ["empty"] = "",
    };

    [Theory]
    [InlineData("Hola {{firstName}}", "Hola Ana")]
    [InlineData("Hola {{ firstName }}, total {{order.total}}", "Hola Ana, total 25,90€")]
    [InlineData("{{firstName}}{{firstName}} {{ firstName}}", "AnaAna Ana")]
    [InlineData("Sin variables", "Sin variables")]
    [InlineData("", "")]
    [InlineData("[{{empty}}]", "[]")]
    [InlineData("JSON {\"a\": 1} {x} {{ 1 }} {{first name}} {{firstName}", "JSON {\"a\": 1} {x} {{ 1 }} {{first name}} {{firstName}")]
    [InlineData("{{{firstName}}}", "{Ana}")]
    public void Renders_values(string text, string expected)
    {
        var rendered = SmsTemplate.Render(text, Values);
        Assert.Equal(expected, rendered.Text);
        Assert.Empty(rendered.MissingVariables);
        Assert.True(rendered.IsComplete);
    }

    [Fact]
    public void Text_without_variables_is_returned_as_is()
    {
        const string text = "Sin variables";
        Assert.Same(text, SmsTemplate.Render(text, Values).Text);
    }

    [Fact]
    public void Missing_variables_render_empty_and_are_listed_once_in_order()
    {
        var rendered = SmsTemplate.Render("Hola {{ lastName }} {{firstName}} {{city}}, {{lastName}}!", Values);
        Assert.Equal("Hola  Ana , !", rendered.Text);
        Assert.Equal(["lastName", "city"], rendered.MissingVariables);
        Assert.False(rendered.IsComplete);
    }

    [Fact]
    public void Lookup_uses_the_dictionary_comparer()
    {
        var insensitive = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["firstname"] = "Ana" };
        Assert.Equal("Hola Ana", SmsTemplate.Render("Hola {{firstName}}", insensitive).Text);
        var sensitive = new Dictionary<string, string> { ["firstname"] = "Ana" };
        Assert.Equal(["firstName"], SmsTemplate.Render("Hola {{firstName}}", sensitive).MissingVariables);
    }

    [Fact]
    public void Works_with_any_dictionary()
    {
        var frozen = Values.ToFrozenDictionary();
        var readOnly = new ReadOnlyDictionary<string, string>(Values);
        var sorted = new SortedDictionary<string, string>(Values);
        foreach (IReadOnlyDictionary<string, string> values in new IReadOnlyDictionary<string, string>[] { frozen, readOnly, sorted })
        {
            var rendered = SmsTemplate.Render("{{firstName}} {{nope}}", values);
            Assert.Equal("Ana ", rendered.Text);
            Assert.Equal(["nope"], rendered.MissingVariables);
        }
    }

    [Fact]
    public void Values_are_not_expanded_again()
    {
        var values = new Dictionary<string, string> { ["a"] = "{{b}}", ["b"] = "B" };
        Assert.Equal("{{b}} B", SmsTemplate.Render("{{a}} {{b}}", values).Text);
    }

    [Fact]
    public void Segments_are_counted_on_the_rendered_text()
    {
        // 140 GSM characters plus a variable (its four braces are extension characters, 2 each):
        // 152 as written, one segment; the rendered length is what counts.
        var text = new string('x', 140) + "{{name}}";
        Assert.Equal(152, SmsAnalyzer.Analyze(text).Characters);
        Assert.Equal(1, SmsAnalyzer.Analyze(text).Segments);

        var gsm = SmsTemplate.Render(text, new Dictionary<string, string> { ["name"] = "Bartolomé" });
        var analysis = SmsAnalyzer.Analyze(gsm.Text);
        Assert.Equal(SmsEncoding.Gsm7, analysis.Encoding);
        Assert.Equal(149, analysis.Characters);
        Assert.Equal(1, analysis.Segments);

        var longer = SmsTemplate.Render(text, new Dictionary<string, string> { ["name"] = "Bartolomeo Colombo Rossi" });
        Assert.Equal(2, SmsAnalyzer.Analyze(longer.Text).Segments);

        // A value with a non-GSM character turns the whole message into UCS-2.
        var ucs2 = SmsTemplate.Render(text, new Dictionary<string, string> { ["name"] = "Inés Martínez" });
        var ucs2Analysis = SmsAnalyzer.Analyze(ucs2.Text);
        Assert.Equal(SmsEncoding.Ucs2, ucs2Analysis.Encoding);
        Assert.Equal(153, ucs2Analysis.Characters);
        Assert.Equal(3, ucs2Analysis.Segments);
        Assert.Equal(["í"], ucs2Analysis.NonGsmCharacters);
    }
}
