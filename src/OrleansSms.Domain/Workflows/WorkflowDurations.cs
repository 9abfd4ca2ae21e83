using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Xml;

namespace OrleansSms.Domain.Workflows;

/// <summary>
/// ISO 8601 durations of workflows (<c>wait.duration</c>, <c>window.last</c>): <c>PT90S</c>,
/// <c>PT1H</c>, <c>P1D</c>, <c>P1DT2H30M</c>, <c>P2W</c>; fractions of a second are allowed
/// (<c>PT1.5S</c>). Years and months are rejected (not fixed lengths), as are zero, negative and
/// over-long (more than <see cref="MaxDays"/> days) durations. Errors are short predicates
/// without the value.
/// </summary>
public static class WorkflowDurations
{
    /// <summary>The longest accepted duration, in days (about ten years).</summary>
    public const int MaxDays = 3650;

    public static readonly TimeSpan Max = TimeSpan.FromDays(MaxDays);

    public const string ErrorSyntax = "is not an ISO 8601 duration (e.g. PT90S, PT1H, P1D, P1DT2H30M)";
    public const string ErrorYearsMonths = "must not use years or months (not fixed lengths; use days, e.g. P30D)";
    public const string ErrorNotPositive = "must be longer than zero";
    public const string ErrorTooLong = "must be at most 3650 days";

    /// <summary>Parses an ISO 8601 duration; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(string? text, out TimeSpan duration, [NotNullWhen(false)] out string? error)
    {
        duration = default;
        error = ErrorSyntax;
        if (string.IsNullOrEmpty(text)) return false;
        if (text[0] == '-' && text.Length > 1 && text[1] != '-')
        {
            // A well-formed negative duration says more than "syntax".
            if (TryParse(text[1..], out _, out var inner) || inner == ErrorNotPositive) error = ErrorNotPositive;
            else error = inner;
            return false;
        }
        if (text.Length < 3 || text[0] != 'P') return false;
        foreach (var c in text)
        {
            if (!(char.IsAsciiDigit(c) || c is 'P' or 'Y' or 'M' or 'W' or 'D' or 'T' or 'H' or 'S' or '.')) return false;
        }

        if (HasHugeNumber(text))
        {
            error = ErrorTooLong;
            return false;
        }

        var t = text.IndexOf('T');
        var datePart = t < 0 ? text.AsSpan(1) : text.AsSpan(1, t - 1);
        if (datePart.IndexOfAny('Y', 'M') >= 0)
        {
            error = ErrorYearsMonths;
            return false;
        }

        if (text[^1] == 'W')
        {
            // PnW stands alone in ISO 8601; xs:duration (XmlConvert) has no weeks.
            if (!int.TryParse(text.AsSpan(1, text.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var weeks)) return false;
            if (weeks > MaxDays / 7 + 1) { error = ErrorTooLong; return false; }
            duration = TimeSpan.FromDays(7 * weeks);
        }
        else
        {
            if (text.IndexOf('W') >= 0 || text[^1] == 'T') return false;
            try
            {
                duration = XmlConvert.ToTimeSpan(text);
            }
            catch (FormatException)
            {
                return false;
            }
            catch (OverflowException)
            {
                error = ErrorTooLong;
                return false;
            }
        }

        if (duration <= TimeSpan.Zero) { error = ErrorNotPositive; return false; }
        if (duration > Max) { error = ErrorTooLong; return false; }
        error = null;
        return true;
    }

    /// <summary>
    /// True when a whole-number part has more than 9 significant digits: even in seconds that is
    /// beyond <see cref="Max"/> (3650 days = 315,360,000 s), and it would overflow the parsers.
    /// </summary>
    private static bool HasHugeNumber(string text)
    {
        var significant = 0;
        var fraction = false;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                if (!fraction && (significant > 0 || c != '0') && ++significant > 9) return true;
            }
            else
            {
                significant = 0;
                fraction = c == '.';
            }
        }
        return false;
    }

    /// <summary>The ISO 8601 text of a positive duration (days, hours, minutes, seconds), e.g. <c>P1DT2H30M</c>.</summary>
    public static string Format(TimeSpan duration) => XmlConvert.ToString(duration);
}
