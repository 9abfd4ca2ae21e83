using OrleansSms.Domain.Contacts;

namespace OrleansSms.Silo.Console;

/// <summary>The console's words for the API's vocabularies, and its stock sentences.</summary>
internal static class ConsoleText
{
    public const string Unavailable = "The service is unavailable for a moment (its database or a silo is not answering). Nothing was changed: try again shortly.";

    public static string Of(PhoneStatus status) => status switch
    {
        PhoneStatus.Bounced => "Bounced",
        PhoneStatus.Paused => "Paused",
        _ => "Active",
    };

    public static string Of(SubscriptionStatus status) => status switch
    {
        SubscriptionStatus.Subscribed => "Subscribed",
        SubscriptionStatus.NotSubscribed => "Not subscribed",
        _ => "None",
    };
}
