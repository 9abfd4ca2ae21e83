namespace OrleansSms.Domain.Contacts;

/// <summary>A typed custom-field column of a contact CSV: <c>name:type</c>, as the import's header takes it.</summary>
public readonly record struct FieldColumn(string Name, FieldType Type) : IComparable<FieldColumn>
{
    public string Header => string.Concat(Name, ":", ContactValues.ToWire(Type));

    /// <summary>Reads <c>name:type</c> (the type is required here).</summary>
    public static bool TryParse(string? header, out FieldColumn column)
    {
        column = default;
        var colon = header?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon <= 0 || !ContactValues.IsValidFieldName(header.AsSpan(0, colon)) ||
            !ContactValues.TryParseFieldType(header.AsSpan(colon + 1), out var type))
        {
            return false;
        }

        column = new FieldColumn(header![..colon], type);
        return true;
    }

    /// <summary>By name (ordinal), then type.</summary>
    public int CompareTo(FieldColumn other)
    {
        var byName = string.CompareOrdinal(Name, other.Name);
        return byName != 0 ? byName : Type.CompareTo(other.Type);
    }
}

/// <summary>
/// Writes contacts as a CSV the import reads back into the same contacts
/// (<see cref="ContactCsvReader"/>): a header of <c>contactId</c>, the three system fields and one
/// typed column per custom field and type (<c>age:number</c>, <c>email:string</c>: a typed column
/// is always a custom field, so a field named <c>email</c> comes back as it was, not read as the
/// import's email key); then a row per contact, the status columns always written, an absent phone
/// or field left empty (the import leaves it absent), an empty string written <c>""</c> (the
/// import's empty string). Cells holding <c>,</c> <c>"</c> or a line break are quoted, quotes doubled.
/// <para>
/// Not Sep's writer: a cell must say "empty string" (<c>""</c>) apart from "nothing" (empty), and
/// Sep writes both alike. The import takes a cell on one line only, so a string holding a line
/// break is written as RFC 4180 has it (quoted, the break kept) and such a line is the one thing
/// an import refuses (it names the line).
/// </para>
/// </summary>
public sealed class ContactCsvWriter(TextWriter writer, IReadOnlyList<FieldColumn> columns)
{
    public const char Separator = ',';

    /// <summary>The system columns, first in every export, in this order.</summary>
    public static readonly string[] SystemColumns =
    [
        ContactCsvReader.ContactIdColumn, ContactValues.MobilePhoneField, ContactValues.MobilePhoneStatusField, ContactValues.SmsSubscriptionStatusField,
    ];

    public IReadOnlyList<FieldColumn> Columns => columns;

    public void WriteHeader()
    {
        for (var i = 0; i < SystemColumns.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(Separator);
            }

            writer.Write(SystemColumns[i]);
        }

        foreach (var column in columns)
        {
            writer.Write(Separator);
            writer.Write(column.Header);
        }

        writer.Write('\n');
    }

    /// <param name="cells">One per <see cref="Columns"/>: the field's value when the contact has that field with that type, else null.</param>
    public void WriteRow(string contactId, string? mobilePhone, PhoneStatus phoneStatus, SubscriptionStatus subscription, IReadOnlyList<string?> cells)
    {
        if (cells.Count != columns.Count)
        {
            throw new ArgumentException($"expected {columns.Count} cells, got {cells.Count}", nameof(cells));
        }

        WriteCell(contactId);
        writer.Write(Separator);
        WriteCell(mobilePhone);
        writer.Write(Separator);
        writer.Write(ContactValues.ToWire(phoneStatus));
        writer.Write(Separator);
        writer.Write(ContactValues.ToWire(subscription));
        foreach (var cell in cells)
        {
            writer.Write(Separator);
            WriteCell(cell);
        }

        writer.Write('\n');
    }

    /// <summary>The cell's text as the import reads it back.</summary>
    public static string Escape(string? value)
    {
        using var text = new StringWriter();
        new ContactCsvWriter(text, []).WriteCell(value);
        return text.ToString();
    }

    private void WriteCell(string? value)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length == 0)
        {
            writer.Write("\"\"");
            return;
        }

        if (!NeedsQuotes(value))
        {
            writer.Write(value);
            return;
        }

        writer.Write('"');
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '"')
            {
                writer.Write(value.AsSpan(start, i - start + 1));
                writer.Write('"');
                start = i + 1;
            }
        }

        writer.Write(value.AsSpan(start));
        writer.Write('"');
    }

    private static bool NeedsQuotes(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n;\t|") >= 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]);
}
