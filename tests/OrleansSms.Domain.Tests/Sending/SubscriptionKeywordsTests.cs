using OrleansSms.Domain.Sending;

namespace OrleansSms.Domain.Tests.Sending;

public class SubscriptionKeywordsTests
{
    private static readonly SubscriptionKeywords Defaults = SubscriptionKeywords.Default;

    // Replies against the default lists: the whole message or its first word, without case,
    // accents or the punctuation around words.
    [Theory]
    [InlineData("STOP", KeywordAction.OptOut, "STOP")]
    [InlineData("stop", KeywordAction.OptOut, "STOP")]
    [InlineData("Stop.", KeywordAction.OptOut, "STOP")]
    [InlineData("  Stop!!  ", KeywordAction.OptOut, "STOP")]
    [InlineData("stop please", KeywordAction.OptOut, "STOP")]
    [InlineData("baja", KeywordAction.OptOut, "BAJA")]
    [InlineData("¡Baja!", KeywordAction.OptOut, "BAJA")]
    [InlineData("Arrêt", KeywordAction.OptOut, "ARRET")]
    [InlineData("ARRÊT svp", KeywordAction.OptOut, "ARRET")]
    [InlineData("stopp", KeywordAction.OptOut, "STOPP")]
    [InlineData("Alto", KeywordAction.OptOut, "ALTO")]
    [InlineData("fin", KeywordAction.OptOut, "FIN")]
    [InlineData("unsubscribe me", KeywordAction.OptOut, "UNSUBSCRIBE")]
    [InlineData("\"STOP\"", KeywordAction.OptOut, "STOP")]
    [InlineData("START", KeywordAction.OptIn, "START")]
    [InlineData("start.", KeywordAction.OptIn, "START")]
    [InlineData("Alta", KeywordAction.OptIn, "ALTA")]
    [InlineData("unstop", KeywordAction.OptIn, "UNSTOP")]
    [InlineData("Hola, ¿a qué hora abrís?", KeywordAction.None, null)]
    [InlineData("please stop", KeywordAction.None, null)]
    [InlineData("no quiero la baja", KeywordAction.None, null)]
    [InlineData("stopping by later", KeywordAction.None, null)]
    [InlineData("STOP,please", KeywordAction.None, null)]
    [InlineData("", KeywordAction.None, null)]
    [InlineData("   ", KeywordAction.None, null)]
    [InlineData("!!!", KeywordAction.None, null)]
    [InlineData("👍", KeywordAction.None, null)]
    public void A_reply_against_the_default_lists(string text, KeywordAction action, string? keyword)
    {
        Assert.Equal(new KeywordMatch(action, keyword), Defaults.Match(text));
    }

    [Fact]
    public void No_text_matches_nothing() => Assert.Equal(KeywordMatch.None, Defaults.Match(null));

    [Fact]
    public void A_store_s_own_lists_replace_the_defaults_and_may_hold_phrases()
    {
        var keywords = new SubscriptionKeywords(["no más", "Darse de baja"], ["sí quiero"]);

        Assert.Equal(new KeywordMatch(KeywordAction.OptOut, "NO MAS"), keywords.Match("No   más."));
        Assert.Equal(new KeywordMatch(KeywordAction.OptOut, "DARSE DE BAJA"), keywords.Match("darse de BAJA"));
        Assert.Equal(new KeywordMatch(KeywordAction.OptIn, "SI QUIERO"), keywords.Match("Sí, quiero"));
        Assert.Equal(KeywordMatch.None, keywords.Match("STOP"));
    }

    [Fact]
    public void The_whole_message_wins_over_its_first_word()
    {
        var keywords = new SubscriptionKeywords(["STOP"], ["STOP AND START"]);

        Assert.Equal(new KeywordMatch(KeywordAction.OptIn, "STOP AND START"), keywords.Match("stop and start"));
        Assert.Equal(new KeywordMatch(KeywordAction.OptOut, "STOP"), keywords.Match("stop and go"));
    }

    [Fact]
    public void A_word_in_both_lists_opts_out()
    {
        var keywords = new SubscriptionKeywords(["FIN"], ["fin", "START"]);

        Assert.Equal(KeywordAction.OptOut, keywords.Match("Fin").Action);
        Assert.Equal(KeywordAction.OptIn, keywords.Match("start").Action);
    }

    [Theory]
    [InlineData("stop", true, "STOP")]
    [InlineData("  Arrêt ", true, "ARRET")]
    [InlineData("no  más", true, "NO MAS")]
    [InlineData("stop!", false, "")]
    [InlineData("", false, "")]
    [InlineData(" ", false, "")]
    [InlineData("a-b", false, "")]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdefg", false, "")]
    public void Keywords_are_normalized_or_refused(string keyword, bool valid, string normalized)
    {
        Assert.Equal(valid, SubscriptionKeywords.TryNormalizeKeyword(keyword, out var actual, out var problem));
        Assert.Equal(normalized, actual);
        Assert.Equal(valid, problem is null);
    }

    [Fact]
    public void Every_default_keyword_is_normalized_and_matches_itself()
    {
        foreach (var keyword in SubscriptionKeywords.DefaultOptOut.Concat(SubscriptionKeywords.DefaultOptIn))
        {
            Assert.True(SubscriptionKeywords.TryNormalizeKeyword(keyword, out var normalized, out _));
            Assert.Equal(keyword, normalized);
            Assert.Equal(keyword, Defaults.Match(keyword.ToLowerInvariant()).Keyword);
        }
    }
}
