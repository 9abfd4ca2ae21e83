using System.Security.Cryptography;
using System.Text;

namespace OrleansSms.Domain.Webhooks;

/// <summary>
/// An event's id, derived from what it is about (the store, the contact, the message or reply,
/// the transition): the same transition always has the same id, across retries of its delivery
/// and across a hand-off repeated after a crash, so a receiver can drop a repeat by its id.
/// <c>evt_</c> and 32 hex characters.
/// </summary>
public static class WebhookEventIds
{
    public const string Prefix = "evt_";

    /// <param name="storeId">The store.</param>
    /// <param name="contactId">The contact.</param>
    /// <param name="type">The transition.</param>
    /// <param name="subject">What it is about within the contact: a message's clientId, a reply's Instasent id, a skipped send's idempotency key.</param>
    public static string For(string storeId, string contactId, WebhookEventType type, string subject)
    {
        var key = $"{storeId}/{contactId}/{WebhookEventTypes.ToWire(type)}/{subject}";
        return Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)), 0, 16);
    }
}
