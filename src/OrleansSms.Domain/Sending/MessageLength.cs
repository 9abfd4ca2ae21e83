using System.Globalization;
using OrleansSms.Domain.Contents;

namespace OrleansSms.Domain.Sending;

/// <summary>
/// The channel's <c>maxSegments</c>: the most segments one message may take once rendered
/// (variables filled in), checked before anything is recorded or sent. The store pays Instasent
/// per segment, and a variable or an event property can be far longer than the template that
/// holds it: a message over the limit is skipped with <see cref="SkipReason.TooLong"/>.
/// </summary>
/// <remarks>
/// The default, 10 segments, is 1,530 GSM-7 characters or 670 UCS-2: room for any template of the
/// usual lengths with its variables, and a ceiling on what a runaway value costs. A content may
/// hold up to 1,600 characters (24 UCS-2 segments); a store that sends texts that long raises the
/// limit, up to <see cref="MaxMaxSegments"/>.
/// </remarks>
public static class MessageLength
{
    public const int DefaultMaxSegments = 10;
    public const int MinMaxSegments = 1;
    public const int MaxMaxSegments = 50;

    /// <summary>Null when <paramref name="rendered"/> fits in <paramref name="maxSegments"/>; else why not, for the send's answer.</summary>
    public static string? TooLong(SmsAnalysis rendered, int maxSegments)
    {
        if (rendered.Segments <= maxSegments)
        {
            return null;
        }

        var encoding = rendered.Encoding == SmsEncoding.Gsm7 ? "GSM-7" : "UCS-2";
        return string.Create(CultureInfo.InvariantCulture,
            $"the rendered text takes {rendered.Segments} segments ({rendered.Characters} {encoding} characters); the channel's maxSegments is {maxSegments}");
    }
}
