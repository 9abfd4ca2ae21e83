using System.Buffers.Text;
using System.Text;

namespace OrleansSms.Domain.Contacts;

/// <summary>
/// The <c>nextCursor</c> of a contact list: opaque to clients, it carries the last contact id of
/// the page (the list is keyset-paged in id order), as base64url of a version byte and the id's
/// ASCII. A position, not an offset: contacts created or changed between two pages neither
/// repeat nor skip the contacts that were there before.
/// </summary>
public static class ContactCursor
{
    private const byte Version = 1;

    public static string Encode(string contactId)
    {
        if (!ContactIds.IsValid(contactId))
        {
            throw new ArgumentException($"'{contactId}' is not a contact id.", nameof(contactId));
        }

        Span<byte> bytes = stackalloc byte[ContactIds.MaxLength + 1];
        bytes[0] = Version;
        var length = 1 + Encoding.ASCII.GetBytes(contactId, bytes[1..]);
        return Base64Url.EncodeToString(bytes[..length]);
    }

    /// <summary>The contact id a cursor from <see cref="Encode"/> carries; false for anything else.</summary>
    public static bool TryDecode(string? cursor, out string contactId)
    {
        contactId = "";
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 64)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[64];
        if (Base64Url.DecodeFromChars(cursor, bytes, out var consumed, out var written) != System.Buffers.OperationStatus.Done ||
            consumed != cursor.Length || written < 2 || bytes[0] != Version)
        {
            return false;
        }

        var id = bytes[1..written];
        foreach (var b in id)
        {
            if (b > 127)
            {
                return false;
            }
        }

        var text = Encoding.ASCII.GetString(id);
        if (!ContactIds.IsValid(text) || Encode(text) != cursor)
        {
            return false;
        }

        contactId = text;
        return true;
    }
}
