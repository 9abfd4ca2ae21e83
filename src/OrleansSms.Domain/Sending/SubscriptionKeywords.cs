using System.Globalization;
using System.Text;

namespace OrleansSms.Domain.Sending;

/// <summary>What a keyword in a reply asks for.</summary>
public enum KeywordAction
{
    /// <summary>No keyword: a reply like any other.</summary>
    None = 0,

    /// <summary>An opt-out keyword (STOP, BAJA, …): the contact becomes <c>notSubscribed</c>.</summary>
    OptOut = 1,

    /// <summary>An opt-in keyword (START, ALTA, …): the contact becomes <c>subscribed</c>.</summary>
    OptIn = 2,
}

public static class KeywordActions
{
    /// <summary>The wire name: <c>optOut</c>, <c>optIn</c> or <c>none</c> (event properties, metrics).</summary>
    public static string ToWire(KeywordAction action) => action switch
    {
        KeywordAction.OptOut => "optOut",
        KeywordAction.OptIn => "optIn",
        _ => "none",
    };
}

/// <summary>The keyword a reply matched (as the store's list spells it, normalized), and what it asks for.</summary>
public readonly record struct KeywordMatch(KeywordAction Action, string? Keyword)
{
    public static KeywordMatch None { get; } = new(KeywordAction.None, null);
}

/// <summary>
/// A store's opt-out and opt-in keywords, and the rule that matches a reply against them: the
/// whole message, or else its first word, compared without case, accents or the punctuation
/// around words ("Stop.", "¡Baja!", "stop please", "ARRÊT" all match). Opt-out wins over opt-in.
/// </summary>
public sealed class SubscriptionKeywords
{
    public const int MaxKeywords = 50;
    public const int MaxKeywordLength = 32;

    /// <summary>Opt-out words in the languages of the stores we serve (English, Spanish, French, German, Italian, Portuguese, Catalan).</summary>
    public static IReadOnlyList<string> DefaultOptOut { get; } =
        ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "BAJA", "ALTO", "FIN", "ARRET", "STOPP", "PARAR", "SAIR", "PROU"];

    public static IReadOnlyList<string> DefaultOptIn { get; } = ["START", "UNSTOP", "SUBSCRIBE", "ALTA"];

    public static SubscriptionKeywords Default { get; } = new(DefaultOptOut, DefaultOptIn);

    private readonly HashSet<string> _optOut;
    private readonly HashSet<string> _optIn;

    /// <param name="optOut">Opt-out keywords, any case and accents (see <see cref="TryNormalizeKeyword"/>).</param>
    /// <param name="optIn">Opt-in keywords, likewise.</param>
    public SubscriptionKeywords(IEnumerable<string> optOut, IEnumerable<string> optIn)
    {
        _optOut = new HashSet<string>(optOut.Select(NormalizeOrSelf), StringComparer.Ordinal);
        _optIn = new HashSet<string>(optIn.Select(NormalizeOrSelf), StringComparer.Ordinal);
        _optIn.ExceptWith(_optOut);
    }

    public KeywordMatch Match(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return KeywordMatch.None;
        }

        var words = Words(text);
        if (words.Count == 0)
        {
            return KeywordMatch.None;
        }

        var whole = string.Join(' ', words);
        return Find(whole) is { Action: not KeywordAction.None } match ? match : Find(words[0]);
    }

    private KeywordMatch Find(string candidate) =>
        _optOut.Contains(candidate) ? new(KeywordAction.OptOut, candidate)
        : _optIn.Contains(candidate) ? new(KeywordAction.OptIn, candidate)
        : KeywordMatch.None;

    /// <summary>
    /// A keyword as it is stored and matched: upper case, without accents, its words separated by
    /// one space. False (and why) when it is empty, too long, or has anything but letters and digits.
    /// </summary>
    public static bool TryNormalizeKeyword(string? keyword, out string normalized, out string? problem)
    {
        normalized = "";
        problem = null;
        if (string.IsNullOrWhiteSpace(keyword))
        {
            problem = "must be a word of letters or digits.";
            return false;
        }

        var words = keyword.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(Fold).ToArray();
        if (words.Any(word => !word.All(char.IsLetterOrDigit)))
        {
            problem = "may hold only letters, digits and spaces between words.";
            return false;
        }

        var joined = string.Join(' ', words);
        if (joined.Length > MaxKeywordLength)
        {
            problem = $"is longer than {MaxKeywordLength} characters.";
            return false;
        }

        normalized = joined;
        return true;
    }

    private static string NormalizeOrSelf(string keyword) =>
        TryNormalizeKeyword(keyword, out var normalized, out _) ? normalized : keyword;

    /// <summary>The reply's words, folded, without the punctuation and symbols around each.</summary>
    private static List<string> Words(string text)
    {
        var words = new List<string>();
        foreach (var raw in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var word = Fold(raw).AsSpan();
            var start = 0;
            while (start < word.Length && !char.IsLetterOrDigit(word[start]))
            {
                start++;
            }

            var end = word.Length;
            while (end > start && !char.IsLetterOrDigit(word[end - 1]))
            {
                end--;
            }

            if (end > start)
            {
                words.Add(word[start..end].ToString());
            }
        }

        return words;
    }

    /// <summary>Upper case without accents: "Arrêt" → "ARRET", "baja" → "BAJA".</summary>
    private static string Fold(string word)
    {
        var decomposed = word.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToUpperInvariant(c));
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }
}
