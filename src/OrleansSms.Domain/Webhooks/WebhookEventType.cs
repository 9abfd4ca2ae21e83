namespace OrleansSms.Domain.Webhooks;

/// <summary>
/// What a webhook can be told, a closed vocabulary: each is one transition of a contact or of
/// one of its messages. Stored by number: never renumber, add new ones at the end.
/// </summary>
public enum WebhookEventType
{
    /// <summary>Instasent took the message (<c>message.sent</c>).</summary>
    MessageSent = 0,

    /// <summary>Instasent reported it delivered (<c>message.delivered</c>).</summary>
    MessageDelivered = 1,

    /// <summary>It ended undelivered: a bounce, refused by Instasent, or withdrawn (<c>message.undelivered</c>).</summary>
    MessageUndelivered = 2,

    /// <summary>A send to the contact was skipped: the send rule or the length limit (<c>message.skipped</c>).</summary>
    MessageSkipped = 3,

    /// <summary>The contact replied by SMS, or sent a stop (<c>message.inbound</c>).</summary>
    MessageInbound = 4,

    /// <summary>The contact's reply unsubscribed it (<c>contact.optedOut</c>).</summary>
    ContactOptedOut = 5,

    /// <summary>A report bounced the contact's phone (<c>contact.bounced</c>).</summary>
    ContactBounced = 6,
}

/// <summary>The wire names of <see cref="WebhookEventType"/> (<c>message.delivered</c>, …) and sets of them as bit masks.</summary>
public static class WebhookEventTypes
{
    private static readonly string[] Names =
    [
        "message.sent", "message.delivered", "message.undelivered", "message.skipped", "message.inbound",
        "contact.optedOut", "contact.bounced",
    ];

    /// <summary>Every type, in the order of the vocabulary.</summary>
    public static IReadOnlyList<WebhookEventType> All { get; } = Enum.GetValues<WebhookEventType>();

    /// <summary>The vocabulary as one line, for error messages.</summary>
    public static string Vocabulary { get; } = string.Join(", ", Names);

    /// <summary>The mask of every type.</summary>
    public static int AllMask { get; } = MaskOf(All);

    public static string ToWire(WebhookEventType type) => Names[(int)type];

    /// <summary>Exact, case-sensitive: the wire name as documented.</summary>
    public static bool TryParse(string? name, out WebhookEventType type)
    {
        var index = name is null ? -1 : Array.IndexOf(Names, name);
        type = index < 0 ? default : (WebhookEventType)index;
        return index >= 0;
    }

    public static int Bit(WebhookEventType type) => 1 << (int)type;

    public static int MaskOf(IEnumerable<WebhookEventType> types)
    {
        var mask = 0;
        foreach (var type in types)
        {
            mask |= Bit(type);
        }

        return mask;
    }

    public static bool Contains(int mask, WebhookEventType type) => (mask & Bit(type)) != 0;
}
