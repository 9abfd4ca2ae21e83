using OrleansSms.Domain.Contacts;

namespace OrleansSms.Domain.Sending;

/// <summary>
/// A reply from a contact's phone as Instasent reported it: a message with its text, or a
/// <c>stop</c> status ("an opt-out inbound message"), which may carry no text.
/// </summary>
/// <param name="ProviderId">Instasent's id of the report.</param>
/// <param name="ClientId">The clientId of our message it answers, when Instasent gave one.</param>
/// <param name="Text">The reply's text; null for a bare <c>stop</c>.</param>
/// <param name="Stop">Instasent reported it with status <c>stop</c>: an opt-out whatever the text says.</param>
/// <param name="EventAt">When it happened, per Instasent; null takes the time of receiving.</param>
public readonly record struct InboundReport(string ProviderId, string? ClientId, string? Text, bool Stop, DateTimeOffset? EventAt);

/// <summary>One reply, as its contact keeps it.</summary>
public sealed class InboundRecord
{
    public string ProviderId { get; set; } = "";
    public string? ClientId { get; set; }
    public string? Text { get; set; }

    /// <summary>The store's keyword the reply matched (normalized), if any.</summary>
    public string? Keyword { get; set; }
    public KeywordAction Action { get; set; }

    /// <summary>Reported with status <c>stop</c>.</summary>
    public bool Stop { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>Its <c>smsReply</c> event has started the store's workflows (a repeat of the report need not publish it again).</summary>
    public bool Published { get; set; }

    /// <summary>The store's SMS report has yet to count the reply (false for replies kept before reports counted them).</summary>
    public bool Uncounted { get; set; }

    /// <summary>The reply opted the contact out: its subscription went to <c>notSubscribed</c> because of it.</summary>
    public bool OptedOut { get; set; }
}

/// <summary>
/// A contact's recent replies: reading one (keywords, STOP), recognising a report Instasent
/// repeats, and how a reply changes the subscription. Bounded, oldest first out.
/// </summary>
public sealed class InboundLog
{
    /// <summary>Replies kept per contact: for the history and to recognise repeated reports.</summary>
    public const int Capacity = 20;

    /// <summary>The longest text kept of a reply (ten segments); the rest is cut.</summary>
    public const int MaxTextLength = 1_600;

    /// <summary>Oldest first.</summary>
    public List<InboundRecord> Records { get; set; } = [];

    public InboundRecord? Find(string providerId) => Records.Find(r => string.Equals(r.ProviderId, providerId, StringComparison.Ordinal));

    /// <summary>Reads a reply: the keyword it matches; a <c>stop</c> status opts out whatever it matched.</summary>
    public static InboundRecord Read(InboundReport report, SubscriptionKeywords keywords, DateTimeOffset now)
    {
        var text = report.Text is { Length: > MaxTextLength } whole ? whole[..MaxTextLength] : report.Text;
        var match = keywords.Match(text);
        return new InboundRecord
        {
            ProviderId = report.ProviderId,
            ClientId = report.ClientId,
            Text = text,
            Keyword = match.Keyword,
            Action = report.Stop ? KeywordAction.OptOut : match.Action,
            Stop = report.Stop,
            ReceivedAt = report.EventAt ?? now,
        };
    }

    /// <summary>Appends <paramref name="record"/> and drops the oldest beyond <see cref="Capacity"/>, keeping those the report has yet to count.</summary>
    public void Add(InboundRecord record)
    {
        Records.Add(record);
        for (var i = 0; Records.Count > Capacity && i < Records.Count;)
        {
            if (Records[i].Uncounted)
            {
                i++;
            }
            else
            {
                Records.RemoveAt(i);
            }
        }
    }

    /// <summary>
    /// The id of the <c>smsReply</c> event of a reply: the same for every repeat of its report, so
    /// a repeat meets the runs the first one started. Instasent's id when it is a plain word, else a hash of it.
    /// </summary>
    public static string EventIdOf(string providerId)
    {
        var plain = providerId.Length is > 0 and <= 40 && providerId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
        return "reply-" + (plain
            ? providerId
            : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(providerId)))[..32]);
    }

    /// <summary>The subscription after a reply: opt-out → notSubscribed, opt-in → subscribed, else unchanged.</summary>
    public static SubscriptionStatus SubscriptionAfter(SubscriptionStatus current, KeywordAction action) => action switch
    {
        KeywordAction.OptOut => SubscriptionStatus.NotSubscribed,
        KeywordAction.OptIn => SubscriptionStatus.Subscribed,
        _ => current,
    };
}
