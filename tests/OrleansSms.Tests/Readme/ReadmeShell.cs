using System.Text;
using System.Text.RegularExpressions;

namespace OrleansSms.Tests.Readme;

/// <summary>A curl command line as the README wrote it, its variables expanded.</summary>
public sealed record CurlRequest(string Method, string Url, IReadOnlyList<(string Name, string Value)> Headers, string? Body);

/// <summary>
/// Runs the few shell constructs the README's walkthrough uses, so a test can execute its bash
/// blocks as written: variable assignments (<c>A=…; B='…'</c>), <c>$VAR</c> and <c>$(…)</c>
/// expansion, single and double quotes, comments, pipelines, and the commands <c>curl</c>
/// (<c>-s -X -H -d --data-binary @-</c>), <c>printf</c>, <c>grep -o</c>, <c>cut -d -f</c> and
/// <c>echo</c>. Anything else is refused, so a README line the test cannot follow fails loudly
/// instead of being skipped.
/// </summary>
public sealed class ReadmeShell(Func<CurlRequest, Task<string>> curl)
{
    private static readonly Regex Assignment = new(@"^[A-Za-z_][A-Za-z0-9_]*=", RegexOptions.CultureInvariant);

    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
    private string _script = "";
    private int _at;

    public IReadOnlyDictionary<string, string> Variables => _variables;

    /// <summary>The fenced <c>```bash</c> blocks of the section whose heading is <paramref name="heading"/>, in order.</summary>
    public static IReadOnlyList<string> BashBlocks(string markdown, string heading)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimEnd() == heading);
        if (start < 0)
        {
            throw new InvalidOperationException($"README has no heading '{heading}'.");
        }

        var blocks = new List<string>();
        StringBuilder? block = null;
        for (var i = start + 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (block is null && line.StartsWith("## ", StringComparison.Ordinal))
            {
                break;
            }

            if (block is null && line.TrimEnd() == "```bash")
            {
                block = new StringBuilder();
            }
            else if (block is not null && line.TrimEnd() == "```")
            {
                blocks.Add(block.ToString());
                block = null;
            }
            else
            {
                block?.Append(line).Append('\n');
            }
        }

        return blocks;
    }

    public async Task RunAsync(string script)
    {
        _script = script;
        _at = 0;
        await ListAsync(untilParen: false);
    }

    private bool End => _at >= _script.Length;

    private char Peek => _script[_at];

    /// <summary>Statements up to the end of the script (or the <c>)</c> closing a <c>$(</c>); their output joined.</summary>
    private async Task<string> ListAsync(bool untilParen)
    {
        var output = new StringBuilder();
        while (true)
        {
            while (!End && Peek is ' ' or '\t' or '\n' or ';')
            {
                _at++;
            }

            if (!End && Peek == '#')
            {
                SkipComment();
                continue;
            }

            if (End)
            {
                if (untilParen)
                {
                    throw new InvalidOperationException("README script: '$(' without its ')'.");
                }

                return output.ToString();
            }

            if (untilParen && Peek == ')')
            {
                _at++;
                return output.ToString();
            }

            output.Append(await PipelineAsync());
        }
    }

    private async Task<string> PipelineAsync()
    {
        string? input = null;
        while (true)
        {
            var words = await WordsAsync();
            input = await ExecuteAsync(words, input);
            SkipSpaces();
            if (End || Peek != '|')
            {
                return input;
            }

            _at++;
            while (!End && Peek is ' ' or '\t' or '\n')
            {
                _at++;
            }
        }
    }

    private async Task<List<string>> WordsAsync()
    {
        var words = new List<string>();
        while (true)
        {
            SkipSpaces();
            if (End || Peek is '\n' or ';' or '|' or ')')
            {
                return words;
            }

            if (Peek == '#')
            {
                SkipComment();
                return words;
            }

            if (Peek == '\\' && _at + 1 < _script.Length && _script[_at + 1] == '\n')
            {
                _at += 2;
                continue;
            }

            if (Peek is '&' or '<' or '>' or '`')
            {
                throw new NotSupportedException($"README script: '{Peek}' is not something this test can run (at: {Around()}).");
            }

            words.Add(await WordAsync());
        }
    }

    private async Task<string> WordAsync()
    {
        var word = new StringBuilder();
        while (!End && Peek is not (' ' or '\t' or '\n' or ';' or '|' or ')' or '&' or '<' or '>'))
        {
            var c = Peek;
            if (c == '\'')
            {
                var close = _script.IndexOf('\'', _at + 1);
                if (close < 0)
                {
                    throw new InvalidOperationException($"README script: unterminated ' (at: {Around()}).");
                }

                word.Append(_script, _at + 1, close - _at - 1);
                _at = close + 1;
            }
            else if (c == '"')
            {
                _at++;
                while (true)
                {
                    if (End)
                    {
                        throw new InvalidOperationException("README script: unterminated \".");
                    }

                    var d = Peek;
                    if (d == '"')
                    {
                        _at++;
                        break;
                    }

                    if (d == '\\' && _at + 1 < _script.Length && _script[_at + 1] is '$' or '`' or '"' or '\\' or '\n')
                    {
                        word.Append(_script[_at + 1]);
                        _at += 2;
                    }
                    else if (d == '$')
                    {
                        word.Append(await ExpandAsync());
                    }
                    else
                    {
                        word.Append(d);
                        _at++;
                    }
                }
            }
            else if (c == '$')
            {
                word.Append(await ExpandAsync());
            }
            else if (c == '\\')
            {
                word.Append(_script[_at + 1]);
                _at += 2;
            }
            else
            {
                word.Append(c);
                _at++;
            }
        }

        return word.ToString();
    }

    /// <summary><c>$(…)</c> (trailing newlines dropped, as the shell does), <c>${NAME}</c> or <c>$NAME</c>.</summary>
    private async Task<string> ExpandAsync()
    {
        _at++;
        if (!End && Peek == '(')
        {
            _at++;
            return (await ListAsync(untilParen: true)).TrimEnd('\n');
        }

        string name;
        if (!End && Peek == '{')
        {
            var close = _script.IndexOf('}', _at);
            name = _script[(_at + 1)..close];
            _at = close + 1;
        }
        else
        {
            var start = _at;
            while (!End && (char.IsAsciiLetterOrDigit(Peek) || Peek == '_'))
            {
                _at++;
            }

            name = _script[start.._at];
        }

        return _variables.TryGetValue(name, out var value)
            ? value
            : throw new InvalidOperationException($"README script: ${name} is used before it is set (at: {Around()}).");
    }

    private async Task<string> ExecuteAsync(List<string> words, string? input)
    {
        if (words.Count == 0)
        {
            return input ?? "";
        }

        if (words.All(w => Assignment.IsMatch(w)))
        {
            foreach (var word in words)
            {
                var equals = word.IndexOf('=');
                _variables[word[..equals]] = word[(equals + 1)..];
            }

            return "";
        }

        return words[0] switch
        {
            "curl" => await CurlAsync(words, input),
            "printf" when words.Count == 2 => Unescape(words[1]),
            "echo" => string.Join(' ', words[1..]) + "\n",
            "grep" when words.Count == 3 && words[1] == "-o" => Grep(words[2], input ?? ""),
            "cut" => Cut(words, input ?? ""),
            _ => throw new NotSupportedException($"README script: the command '{string.Join(' ', words)}' is not one this test can run."),
        };
    }

    private async Task<string> CurlAsync(List<string> words, string? input)
    {
        string? method = null, url = null, body = null;
        var headers = new List<(string, string)>();
        for (var i = 1; i < words.Count; i++)
        {
            switch (words[i])
            {
                case "-s" or "-sS" or "--silent":
                    break;
                case "-X" or "--request":
                    method = words[++i];
                    break;
                case "-H" or "--header":
                    var header = words[++i];
                    var colon = header.IndexOf(':');
                    headers.Add((header[..colon].Trim(), header[(colon + 1)..].Trim()));
                    break;
                case "-d" or "--data" or "--data-raw" or "--data-binary":
                    var data = words[++i];
                    body = data == "@-" ? input ?? "" : data;
                    break;
                default:
                    if (words[i].StartsWith("http://", StringComparison.Ordinal) || words[i].StartsWith("https://", StringComparison.Ordinal))
                    {
                        url = url is null ? words[i] : throw new NotSupportedException($"README curl with two URLs: {string.Join(' ', words)}");
                        break;
                    }

                    throw new NotSupportedException($"README curl option '{words[i]}' is not one this test understands.");
            }
        }

        if (url is null)
        {
            throw new InvalidOperationException($"README curl without a URL: {string.Join(' ', words)}");
        }

        return await curl(new CurlRequest(method ?? (body is null ? "GET" : "POST"), url, headers, body));
    }

    /// <summary>printf's format without arguments: <c>\n</c>, <c>\t</c>, <c>\\</c> and <c>%%</c>.</summary>
    private static string Unescape(string format)
    {
        var text = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '\\' && i + 1 < format.Length)
            {
                i++;
                text.Append(format[i] switch
                {
                    'n' => '\n',
                    't' => '\t',
                    _ => format[i],
                });
            }
            else if (c == '%')
            {
                if (i + 1 >= format.Length || format[++i] != '%')
                {
                    throw new NotSupportedException($"README printf with a conversion: {format}");
                }

                text.Append('%');
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    /// <summary><c>grep -o</c> with a basic regular expression (the README's use the common subset).</summary>
    private static string Grep(string pattern, string input)
    {
        var regex = new Regex(pattern.Replace(@"\{", "{").Replace(@"\}", "}"), RegexOptions.CultureInvariant);
        var output = new StringBuilder();
        foreach (var line in input.Split('\n'))
        {
            foreach (Match match in regex.Matches(line))
            {
                output.Append(match.Value).Append('\n');
            }
        }

        return output.ToString();
    }

    private static string Cut(List<string> words, string input)
    {
        char? delimiter = null;
        int? field = null;
        for (var i = 1; i < words.Count; i++)
        {
            var word = words[i];
            if (word.StartsWith("-d", StringComparison.Ordinal))
            {
                var value = word.Length > 2 ? word[2..] : words[++i];
                delimiter = value.Length == 1 ? value[0] : throw new NotSupportedException($"README cut delimiter '{value}'");
            }
            else if (word.StartsWith("-f", StringComparison.Ordinal))
            {
                field = int.Parse(word.Length > 2 ? word[2..] : words[++i], System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                throw new NotSupportedException($"README cut option '{word}'");
            }
        }

        var d = delimiter ?? '\t';
        var f = field ?? throw new NotSupportedException("README cut without -f");
        var lines = input.EndsWith('\n') ? input[..^1].Split('\n') : input.Split('\n');
        return string.Concat(lines.Select(line =>
        {
            var parts = line.Split(d);
            return (parts.Length == 1 ? line : parts.Length >= f ? parts[f - 1] : "") + "\n";
        }));
    }

    private void SkipSpaces()
    {
        while (!End && Peek is ' ' or '\t')
        {
            _at++;
        }
    }

    private void SkipComment()
    {
        while (!End && Peek != '\n')
        {
            _at++;
        }
    }

    private string Around() => _script.Substring(Math.Max(0, _at - 40), Math.Min(80, _script.Length - Math.Max(0, _at - 40)));
}
