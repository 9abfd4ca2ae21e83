using System.Text.RegularExpressions;

namespace OrleansSms.Silo.Console.Workflows;

/// <summary>How many contacts one reason kept back.</summary>
public sealed record SkipCount(string Reason, long Count)
{
    /// <summary>The reason in words: <c>notSubscribed</c> → "not subscribed".</summary>
    public string Words => NewsletterPreview.Describe(Reason);
}

/// <summary>
/// What a newsletter would do if it started now, without sending anything: its audience, how
/// many would be sent at once, held (quiet hours) or skipped and why, and the segments it costs.
/// </summary>
public sealed record NewsletterPreview(long Contacts, long SendNow, long Held, long Expired, IReadOnlyList<SkipCount> Skipped, long? Segments)
{
    public long SkippedTotal => Skipped.Sum(s => s.Count);

    /// <summary>A skip reason of the API (<c>notSubscribed</c>, <c>noPhone</c>…) in words.</summary>
    public static string Describe(string reason) => reason switch
    {
        "notSubscribed" => "not subscribed",
        "bounced" => "phone bounced",
        "paused" => "phone paused",
        "noPhone" => "no mobile phone",
        "filteredOut" => "outside the filter",
        "tooLong" => "text too long",
        "deleted" => "erased",
        "frequencyCapped" => "over the frequency cap",
        "expired" => "past its validity",
        _ => Regex.Replace(reason, "(?<=[a-z])(?=[A-Z])", " ").ToLowerInvariant(),
    };
}

/// <summary>Where the console reads a newsletter's preview from.</summary>
public interface INewsletterPreviewSource
{
    /// <summary>The preview of the workflow's current version; null when there is none to give.</summary>
    Task<NewsletterPreview?> PreviewAsync(string storeId, string workflowId, CancellationToken cancellation);
}

/// <summary>The preview source the console uses: the one line that wires it.</summary>
public static class NewsletterPreviews
{
    public static INewsletterPreviewSource For(IGrainFactory grains) => new NoNewsletterPreview();

    /// <summary>No preview: the silo has no dry run to ask.</summary>
    private sealed class NoNewsletterPreview : INewsletterPreviewSource
    {
        public Task<NewsletterPreview?> PreviewAsync(string storeId, string workflowId, CancellationToken cancellation) =>
            Task.FromResult<NewsletterPreview?>(null);
    }
}
