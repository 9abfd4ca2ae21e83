using OrleansSms.Domain.Contacts;

namespace OrleansSms.Silo.Api;

/// <summary>Checks of the ids that come in the path.</summary>
internal static class Routes
{
    public static void CheckStoreId(string storeId, ValidationErrors errors)
    {
        if (!ContactIds.IsValidStoreId(storeId))
        {
            errors.AddValue("storeId", storeId, "is not a store id: 1-64 characters of A-Z a-z 0-9 _ -.");
        }
    }

    /// <summary>Ids of things a store names (SMS contents, workflows): the store id's rules.</summary>
    public static void CheckId(string field, string id, ValidationErrors errors)
    {
        if (!ContactIds.IsValidStoreId(id))
        {
            errors.AddValue(field, id, "is not an id: 1-64 characters of A-Z a-z 0-9 _ -.");
        }
    }

    public static void CheckContactId(string contactId, ValidationErrors errors)
    {
        if (!ContactIds.IsValid(contactId))
        {
            errors.AddValue("contactId", contactId, "is not a contact id: 1-32 characters of A-Z a-z 0-9 _ -.");
        }
    }
}
