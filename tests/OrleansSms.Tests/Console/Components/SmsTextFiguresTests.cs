using Bunit;
using OrleansSms.Silo.Console.Components.Shared;

namespace OrleansSms.Tests.Console.Components;

/// <summary>The SMS editor's live figures: characters, segments and encoding, the characters that force UCS-2, the variables.</summary>
public sealed class SmsTextFiguresTests : ComponentContext
{
    private static string Figure(IRenderedComponent<SmsTextFigures> figures, string name) =>
        figures.Find($"dd[aria-labelledby='figure-{name}']").TextContent;

    [Fact]
    public void One_segment_holds_160_GSM_characters_and_the_161st_starts_a_second()
    {
        var figures = Render<SmsTextFigures>(p => p.Add(f => f.Text, new string('a', 160)));
        Assert.Equal(("160", "1", "GSM-7"), (Figure(figures, "characters"), Figure(figures, "segments"), Figure(figures, "encoding")));
        Assert.Empty(figures.FindAll("mark"));

        figures.Render(p => p.Add(f => f.Text, new string('a', 161)));
        Assert.Equal(("161", "2"), (Figure(figures, "characters"), Figure(figures, "segments")));
    }

    [Fact]
    public void An_accent_forces_UCS2_and_is_listed_and_marked_in_the_text()
    {
        var figures = Render<SmsTextFigures>(p => p.Add(f => f.Text, "Hola {{firstName}}, tu pedido está listo"));

        Assert.Equal("UCS-2", Figure(figures, "encoding"));
        Assert.Equal("á", figures.Find("ul[aria-label='Characters that force UCS-2']").TextContent.Trim());
        var marked = figures.Find("[aria-label='Text with the characters that force UCS-2 marked']");
        Assert.Equal(["á"], marked.QuerySelectorAll("mark").Select(m => m.TextContent));
        Assert.Equal("Hola {{firstName}}, tu pedido está listo", marked.TextContent.Trim());
        Assert.Equal("firstName", figures.Find("ul[aria-label='Variables']").TextContent.Trim());
    }

    [Fact]
    public void GSM_characters_outside_ASCII_force_nothing_and_a_text_without_variables_says_none()
    {
        var figures = Render<SmsTextFigures>(p => p.Add(f => f.Text, "¿Qué tal? 20% en camión"));
        Assert.Equal("UCS-2", Figure(figures, "encoding")); // ó is not GSM-7; ¿ and é are
        Assert.Equal("ó", figures.Find("ul[aria-label='Characters that force UCS-2']").TextContent.Trim());

        figures.Render(p => p.Add(f => f.Text, "¿Qué tal? 20% €"));
        Assert.Equal("GSM-7", Figure(figures, "encoding"));
        Assert.Empty(figures.FindAll("ul[aria-label='Characters that force UCS-2']"));
        Assert.Contains("None.", figures.Markup);
    }
}
