namespace OrleansSms.Domain.Sending;

/// <summary>Newsletters need an explicit subscription; transactional messages do not.</summary>
public enum SmsKind
{
    Transactional = 0,
    Newsletter = 1,
}
