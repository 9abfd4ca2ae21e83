namespace OrleansSms.Domain.Contacts;

/// <summary>The contact's <c>_mobilePhoneStatus</c>.</summary>
public enum PhoneStatus
{
    Active = 0,
    Bounced = 1,
    Paused = 2,
}

/// <summary>The contact's <c>_smsSubscriptionStatus</c>.</summary>
public enum SubscriptionStatus
{
    None = 0,
    Subscribed = 1,
    NotSubscribed = 2,
}
