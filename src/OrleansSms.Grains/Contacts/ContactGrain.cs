using OrleansSms.Abstractions.Contacts;
using OrleansSms.Domain.Contacts;

namespace OrleansSms.Grains.Contacts;

/// <inheritdoc cref="IContactGrain"/>
internal sealed class ContactGrain(
    [PersistentState("contact", StorageNames.Sms)] IPersistentState<ContactState> state,
    TimeProvider time) : Grain, IContactGrain
{
    private ContactSnapshot? _snapshot;

    public Task<ContactSnapshot?> GetAsync() =>
        Task.FromResult(state.State.Exists ? _snapshot ??= Snapshot() : null);

    public async Task<ContactWriteResult> UpdateAsync(ContactUpdate update)
    {
        var s = state.State;
        var created = !s.Exists;
        if (created)
        {
            s.Exists = true;
            s.MobilePhoneStatus = PhoneStatus.Active;
            s.SmsSubscriptionStatus = update.DefaultSubscription;
            s.CreatedAt = time.GetUtcNow();
        }

        if (update.SetsMobilePhone)
        {
            s.MobilePhone = update.MobilePhone;
        }

        if (update.MobilePhoneStatus is { } phoneStatus)
        {
            s.MobilePhoneStatus = phoneStatus;
        }

        if (update.SmsSubscriptionStatus is { } subscription)
        {
            s.SmsSubscriptionStatus = subscription;
        }

        foreach (var (name, value) in update.Fields)
        {
            if (value is null)
            {
                s.Fields.Remove(name);
            }
            else
            {
                s.Fields[name] = value;
            }
        }

        s.UpdatedAt = time.GetUtcNow();
        _snapshot = null;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The write did not land: drop the in-memory changes so the activation never serves them.
            _snapshot = null;
            await state.ReadStateAsync();
            throw;
        }

        return new ContactWriteResult(created, _snapshot = Snapshot());
    }

    private ContactSnapshot Snapshot()
    {
        var s = state.State;
        var (_, contactId) = ContactKeys.Parse(this.GetPrimaryKeyString());
        return new ContactSnapshot
        {
            ContactId = contactId,
            MobilePhone = s.MobilePhone,
            MobilePhoneStatus = s.MobilePhoneStatus,
            SmsSubscriptionStatus = s.SmsSubscriptionStatus,
            Fields = new Dictionary<string, ContactField>(s.Fields, StringComparer.Ordinal),
            CreatedAt = s.CreatedAt,
            UpdatedAt = s.UpdatedAt,
        };
    }
}
