using System.Text.Json;

namespace OrleansSms.Tests.Infrastructure;

/// <summary>Walks a list route page by page, following each <c>nextCursor</c>.</summary>
public static class ListPages
{
    /// <summary>
    /// Every item of the list at <paramref name="url"/> (which may carry other query parameters),
    /// read <paramref name="limit"/> at a time; asserts no page is longer than that and the walk ends.
    /// </summary>
    public static async Task<(List<JsonElement> Items, int Pages)> WalkAsync(HttpClient client, string url, int limit, int maxPages = 1_000)
    {
        var items = new List<JsonElement>();
        var pages = 0;
        string? cursor = null;
        var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        do
        {
            var page = await (await client.GetAsync($"{url}{separator}limit={limit}{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}")).ReadJsonAsync();
            var pageItems = page.GetProperty("items").EnumerateArray().ToList();
            Assert.True(pageItems.Count <= limit, $"a page of {pageItems.Count} items for limit {limit}");
            items.AddRange(pageItems);
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
            Assert.True(++pages <= maxPages, $"the walk of {url} did not end after {maxPages} pages");
        }
        while (cursor is not null);

        return (items, pages);
    }

    /// <summary>The first page of the list at <paramref name="url"/>.</summary>
    public static async Task<JsonElement> FirstAsync(HttpClient client, string url) => await (await client.GetAsync(url)).ReadJsonAsync();

    public static List<string> Strings(this IEnumerable<JsonElement> items, string property) =>
        items.Select(i => i.GetProperty(property).GetString()!).ToList();
}
