using System.Globalization;

namespace OrleansSms.Domain.Lists;

/// <summary>How many items one page of a list holds: <c>limit</c>, 1 to 200, 50 when not given.</summary>
public static class PageLimit
{
    public const int Min = 1;
    public const int Max = 200;
    public const int Default = 50;

    public const string Rule = "is not a page size: a whole number from 1 to 200 (default 50).";

    /// <summary>Reads <paramref name="raw"/> as a query gives it: absent or empty is the default; digits only, no sign.</summary>
    public static bool TryParse(string? raw, out int limit)
    {
        if (string.IsNullOrEmpty(raw))
        {
            limit = Default;
            return true;
        }

        if (raw.Length <= 3 && int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= Min and <= Max)
        {
            return true;
        }

        limit = 0;
        return false;
    }
}
