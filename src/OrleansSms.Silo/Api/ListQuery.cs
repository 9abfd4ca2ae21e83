using OrleansSms.Domain.Lists;

namespace OrleansSms.Silo.Api;

/// <summary>
/// The query every list takes: <c>limit</c> (<see cref="PageLimit"/>) and <c>cursor</c> (the
/// <c>nextCursor</c> of the page before, <see cref="IPageCursor{TSelf}"/>). A bad value is a
/// problem naming the parameter and quoting it.
/// </summary>
public static class ListQuery
{
    /// <summary>Reads both; each bad one is added to <paramref name="errors"/>.</summary>
    public static (int Limit, TCursor? Cursor) Read<TCursor>(string? limit, string? cursor, ValidationErrors errors)
        where TCursor : class, IPageCursor<TCursor>
    {
        if (!PageLimit.TryParse(limit, out var size))
        {
            errors.AddValue("limit", limit, PageLimit.Rule);
        }

        TCursor? position = null;
        if (!string.IsNullOrEmpty(cursor) && !TCursor.TryParse(cursor, out position))
        {
            errors.AddValue("cursor", cursor, PageCursor.Rule);
        }

        return (size, position);
    }
}

/// <summary>A page of a list: its items, and the cursor of the next page (null on the last).</summary>
public sealed record ListResponse<T>(IReadOnlyList<T> Items, string? NextCursor);
