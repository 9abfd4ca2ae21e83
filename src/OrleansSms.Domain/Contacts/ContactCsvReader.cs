using System.Runtime.CompilerServices;
using System.Text;
using nietras.SeparatedValues;

namespace OrleansSms.Domain.Contacts;

/// <summary>
/// One data row of a contact CSV import: either a <see cref="Patch"/> to apply to
/// <see cref="ContactId"/>, or an <see cref="Error"/> (exactly one of them is set).
/// <see cref="Line"/> is the row's 1-based physical line (the header is line 1; a row is one line).
/// <see cref="ContactId"/> may be set on an error line when the id itself was fine.
/// </summary>
public sealed record ContactImportLine(int Line, string? ContactId, ContactPatch? Patch, string? Error)
{
    public bool IsError => Error is not null;
}

/// <summary>The header row is unusable (the whole import is rejected, HTTP 400).</summary>
public sealed class ContactCsvHeaderException(string message) : Exception(message);

/// <summary>
/// Streaming contact CSV parser (nietras Sep, asynchronous, constant memory for any size).
/// <list type="bullet">
/// <item>Lines are checked before Sep parses them (<see cref="ContactCsvLines"/>): a line longer
/// than <see cref="ContactCsvLimits.MaxLineBytes"/>, not valid UTF-8 (a BOM is skipped), or with an
/// unbalanced quote is an error line, and the lines after it are read as usual. The separator is
/// detected from the header line by Sep: <c>,</c> or <c>;</c> (also tab and <c>|</c>); quotes
/// follow RFC 4180 within a line (<c>""</c> inside a quoted cell is a quote; quoted cells may hold
/// separators), and a quoted cell must close on the line it opens: a cell holds no line break.</item>
/// <item>Header row required. Column names are trimmed. <c>contactId</c> and/or <c>email</c>
/// (case-insensitive) must exist. System columns (case-insensitive): <c>_mobilePhone</c>,
/// <c>_mobilePhoneStatus</c>, <c>_smsSubscriptionStatus</c>; any other name starting with
/// <c>_</c> is an error. Every other column is a custom field, typed by an optional suffix
/// <c>name:type</c> (<c>string</c> default, <c>number</c>, <c>boolean</c>, <c>date</c>); custom
/// field names are case-sensitive. Duplicate columns, invalid names or types, more custom-field
/// columns than <see cref="ContactCsvLimits.MaxFields"/>, or a header line that fails the line
/// checks are a <see cref="ContactCsvHeaderException"/>.</item>
/// <item>Id: a non-empty <c>contactId</c> wins; otherwise the id derives from the normalised
/// email (<see cref="ContactIds.FromNormalizedEmail"/>). A valid, non-empty email is also stored
/// as the custom string field <c>email</c> (normalised: trimmed, lower-case).</item>
/// <item>Cells are trimmed. An empty cell leaves the stored value unchanged (an import never
/// clears a value; use the contact API with <c>null</c> for that). A row whose cells are all empty
/// apart from the id still yields an (empty) patch, which creates the contact if it is new.</item>
/// <item>Blank lines are skipped silently. A row with a different number of cells than the
/// header, or any invalid cell, becomes an error line naming every bad column and its value,
/// e.g. <c>_mobilePhone: "12ab" contains letters</c>; the rest of the file is still read.</item>
/// </list>
/// </summary>
public static class ContactCsvReader
{
    public const string ContactIdColumn = "contactId";
    public const string EmailColumn = "email";
    public const string EmailField = "email";

    private const int MaxValueInError = 80;

    /// <summary>Most columns a header can have besides its field columns: each system column once.</summary>
    private const int SystemColumns = 5;

    private enum ColumnKind : byte { ContactId, Email, MobilePhone, MobilePhoneStatus, SmsSubscriptionStatus, Field }

    private readonly record struct Column(ColumnKind Kind, string Header, string? FieldName, FieldType Type);

    /// <param name="Separator">The separator Sep found in the header (to find <c>""</c> cells in a row's raw text).</param>
    private sealed record Plan(Column[] Columns, string MissingIdError, char Separator = ',');

    /// <summary>Parses <paramref name="csv"/> (left open) row by row, within the default limits.</summary>
    /// <exception cref="ContactCsvHeaderException">The header is missing or invalid (thrown on the
    /// first <c>MoveNextAsync</c>).</exception>
    public static IAsyncEnumerable<ContactImportLine> ReadAsync(Stream csv, string? defaultCountry, CancellationToken ct = default) =>
        ReadAsync(csv, defaultCountry, ContactCsvLimits.Default, ct);

    /// <summary>Parses <paramref name="csv"/> (left open) row by row, in line order.</summary>
    /// <exception cref="ContactCsvHeaderException">The header is missing or invalid (thrown on the
    /// first <c>MoveNextAsync</c>).</exception>
    public static async IAsyncEnumerable<ContactImportLine> ReadAsync(Stream csv, string? defaultCountry, ContactCsvLimits limits,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(limits);
        using var lines = new ContactCsvLines(csv, limits.MaxLineBytes);
        using var reader = await Sep.Reader(static o => o with
        {
            HasHeader = false, // the header is read as the first row so that we validate it ourselves
            Unescape = true,
            DisableColCountCheck = true,
        }).FromAsync(lines, leaveOpen: true, ct).ConfigureAwait(false);

        if (!await reader.MoveNextAsync(ct).ConfigureAwait(false))
        {
            throw new ContactCsvHeaderException("The file is empty: a header row with a contactId or email column is required.");
        }
        // The header is line 1 (Sep's line numbers for the first row are off without HasHeader).
        if (lines.TryTakeRejection(1, out _, out var headerError))
        {
            throw new ContactCsvHeaderException($"The header row: {headerError}.");
        }
        var plan = ParseHeader(reader.Current, limits) with { Separator = reader.Spec.Sep.Separator };

        while (await reader.MoveNextAsync(ct).ConfigureAwait(false))
        {
            ct.ThrowIfCancellationRequested(); // Sep only checks the token when it reads more text

            // A line the checks rejected reaches Sep empty: its reason comes out in its place.
            while (lines.TryTakeRejection(reader.Current.LineNumberFrom, out var rejectedLine, out var reason))
            {
                yield return new ContactImportLine(rejectedLine, null, null, reason);
            }
            var line = ParseRow(reader.Current, plan, defaultCountry);
            if (line is not null) yield return line;
        }
        while (lines.TryTakeRejection(int.MaxValue, out var rejectedLine, out var reason))
        {
            yield return new ContactImportLine(rejectedLine, null, null, reason);
        }
    }

    private static Plan ParseHeader(SepReader.Row row, ContactCsvLimits limits)
    {
        if (row.ColCount > limits.MaxFields + SystemColumns)
        {
            throw TooManyFields(row.ColCount, "columns", limits);
        }
        var names = new string[row.ColCount];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = row[i].Span.Trim().TrimStart('\uFEFF').Trim().ToString();
        }
        return ParseHeader(names, limits);
    }

    private static ContactCsvHeaderException TooManyFields(int count, string what, ContactCsvLimits limits) =>
        new($"The header has {count} {what}: a line sets at most {limits.MaxFields} custom fields.");

    private static Plan ParseHeader(IReadOnlyList<string> names, ContactCsvLimits limits)
    {
        var columns = new Column[names.Count];
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var hasContactId = false;
        var hasEmail = false;
        for (var i = 0; i < names.Count; i++)
        {
            var header = names[i];
            if (header.Length == 0)
            {
                throw new ContactCsvHeaderException($"Header column {i + 1} has no name.");
            }
            var colon = header.IndexOf(':');
            var name = colon < 0 ? header : header[..colon].TrimEnd();
            var typeText = colon < 0 ? null : header[(colon + 1)..].Trim();

            // A typed column is always a custom field: "email:string" is the field email as written
            // (an export's), not the email key. System names (_…) cannot be fields, typed or not.
            ColumnKind? system =
                typeText is not null && !name.StartsWith('_') ? null
                : name.Equals(ContactIdColumn, StringComparison.OrdinalIgnoreCase) ? ColumnKind.ContactId
                : name.Equals(EmailColumn, StringComparison.OrdinalIgnoreCase) ? ColumnKind.Email
                : name.Equals(ContactValues.MobilePhoneField, StringComparison.OrdinalIgnoreCase) ? ColumnKind.MobilePhone
                : name.Equals(ContactValues.MobilePhoneStatusField, StringComparison.OrdinalIgnoreCase) ? ColumnKind.MobilePhoneStatus
                : name.Equals(ContactValues.SmsSubscriptionStatusField, StringComparison.OrdinalIgnoreCase) ? ColumnKind.SmsSubscriptionStatus
                : null;

            string key;
            if (system is { } kind)
            {
                if (typeText is not null)
                {
                    throw new ContactCsvHeaderException($"Header column \"{header}\": {name} cannot have a type.");
                }
                columns[i] = new Column(kind, header, null, FieldType.String);
                // The email key also sets the string field email: a column email:string would set it twice.
                key = kind == ColumnKind.Email ? EmailField + ":" + ContactValues.ToWire(FieldType.String) : "\0" + kind;
                hasContactId |= kind == ColumnKind.ContactId;
                hasEmail |= kind == ColumnKind.Email;
            }
            else
            {
                if (name.StartsWith('_'))
                {
                    throw new ContactCsvHeaderException(
                        $"Header column \"{header}\": unknown system column (known: {ContactValues.MobilePhoneField}, {ContactValues.MobilePhoneStatusField}, {ContactValues.SmsSubscriptionStatusField}).");
                }
                if (ContactValues.FieldNameError(name) is { } nameError)
                {
                    throw new ContactCsvHeaderException($"Header column \"{header}\": {nameError}.");
                }
                var type = FieldType.String;
                if (typeText is not null && !ContactValues.TryParseFieldType(typeText, out type))
                {
                    throw new ContactCsvHeaderException($"Header column \"{header}\": \"{typeText}\" {ContactValues.FieldTypeError}.");
                }
                columns[i] = new Column(ColumnKind.Field, header, name, type);

                // One column per field and type: an export writes a field that has several types
                // across contacts (code:string, code:number) as one column each.
                key = name + ":" + ContactValues.ToWire(type);
            }

            if (!seen.TryAdd(key, header))
            {
                throw new ContactCsvHeaderException($"Header column \"{header}\" duplicates column \"{seen[key]}\".");
            }
        }
        if (!hasContactId && !hasEmail)
        {
            throw new ContactCsvHeaderException("The header needs a contactId or an email column.");
        }
        var fieldColumns = columns.Count(c => c.Kind == ColumnKind.Field);
        if (fieldColumns > limits.MaxFields)
        {
            throw TooManyFields(fieldColumns, "custom-field columns", limits);
        }
        var missing = hasContactId && hasEmail ? "contactId and email are both empty"
            : hasContactId ? "contactId is empty"
            : "email is empty";
        return new Plan(columns, missing);
    }

    private static ContactImportLine? ParseRow(SepReader.Row row, Plan plan, string? defaultCountry)
    {
        var columns = plan.Columns;
        var lineNumber = row.LineNumberFrom;
        var colCount = row.ColCount;

        // Before any cell is read: Sep unquotes a cell in place when it is read.
        var quoted = QuotedCells(row.Span, plan.Separator, colCount);
        if (colCount == 1 && row[0].Span.IsWhiteSpace())
        {
            return null; // blank line
        }
        if (colCount != columns.Length)
        {
            return new ContactImportLine(lineNumber, null, null,
                $"expected {columns.Length} {(columns.Length == 1 ? "column" : "columns")}, found {colCount}");
        }

        string? contactId = null;
        string? email = null;
        var idError = false;
        bool setsPhone = false;
        string? phone = null;
        PhoneStatus? phoneStatus = null;
        SubscriptionStatus? subscription = null;
        Dictionary<string, CustomField?>? fields = null;
        StringBuilder? errors = null;

        for (var i = 0; i < columns.Length; i++)
        {
            var cell = row[i].Span.Trim();
            ref readonly var column = ref columns[i];
            if (cell.Length == 0)
            {
                // Empty leaves the value as it is; "" (quoted, empty) in a string field is the empty string.
                if (quoted is not null && quoted[i] && column is { Kind: ColumnKind.Field, Type: FieldType.String })
                {
                    SetField(ref fields, ref errors, column, new CustomField(FieldType.String, ""), columns.Length);
                }

                continue;
            }

            switch (column.Kind)
            {
                case ColumnKind.ContactId:
                    if (ContactIds.IsValid(cell))
                    {
                        contactId = cell.ToString();
                    }
                    else
                    {
                        idError = true;
                        AddError(ref errors, column.Header, cell, "is not a valid contact id (1-32 characters of A-Z a-z 0-9 _ -)");
                    }
                    break;
                case ColumnKind.Email:
                    if (ContactIds.TryNormalizeEmail(cell, out var normalized))
                    {
                        email = normalized;
                    }
                    else
                    {
                        idError = true;
                        AddError(ref errors, column.Header, cell, "is not a valid email");
                    }
                    break;
                case ColumnKind.MobilePhone:
                    var result = Phones.PhoneNumbers.Normalize(cell, defaultCountry);
                    if (result.E164 is { } e164)
                    {
                        setsPhone = true;
                        phone = e164;
                    }
                    else
                    {
                        AddError(ref errors, column.Header, cell, result.Error!);
                    }
                    break;
                case ColumnKind.MobilePhoneStatus:
                    if (ContactValues.TryParsePhoneStatus(cell, out var ps)) phoneStatus = ps;
                    else AddError(ref errors, column.Header, cell, ContactValues.PhoneStatusError);
                    break;
                case ColumnKind.SmsSubscriptionStatus:
                    if (ContactValues.TryParseSubscriptionStatus(cell, out var ss)) subscription = ss;
                    else AddError(ref errors, column.Header, cell, ContactValues.SubscriptionStatusError);
                    break;
                default:
                    if (ContactValues.TryParseValue(column.Type, cell, out var canonical, out var valueError))
                    {
                        SetField(ref fields, ref errors, column, new CustomField(column.Type, canonical), columns.Length);
                    }
                    else
                    {
                        AddError(ref errors, column.Header, cell, valueError);
                    }
                    break;
            }
        }

        if (contactId is null && email is not null)
        {
            contactId = ContactIds.FromNormalizedEmail(email);
        }
        if (contactId is null && !idError)
        {
            errors = errors is null ? new StringBuilder(plan.MissingIdError) : errors.Insert(0, plan.MissingIdError + "; ");
        }
        if (errors is not null)
        {
            return new ContactImportLine(lineNumber, contactId, null, errors.ToString());
        }

        if (email is not null)
        {
            fields ??= new Dictionary<string, CustomField?>(1, StringComparer.Ordinal);
            if (!fields.TryAdd(EmailField, new CustomField(FieldType.String, email)))
            {
                return new ContactImportLine(lineNumber, contactId, null,
                    $"{EmailColumn} and another column both set the field {EmailField}: give one of them on a line");
            }
        }

        var patch = new ContactPatch
        {
            SetsMobilePhone = setsPhone,
            MobilePhone = phone,
            MobilePhoneStatus = phoneStatus,
            SmsSubscriptionStatus = subscription,
            Fields = fields ?? ContactPatch.EmptyFields,
        };
        return new ContactImportLine(lineNumber, contactId, patch, null);
    }

    /// <summary>A field's value from its column; a field another column of the line set already is an error.</summary>
    private static void SetField(ref Dictionary<string, CustomField?>? fields, ref StringBuilder? errors, in Column column, CustomField value, int capacity)
    {
        fields ??= new Dictionary<string, CustomField?>(capacity, StringComparer.Ordinal);
        if (!fields.TryAdd(column.FieldName!, value))
        {
            errors ??= new StringBuilder();
            if (errors.Length > 0) errors.Append("; ");
            errors.Append(column.Header).Append(": another column of this line sets the field ").Append(column.FieldName)
                .Append(" too: give one of them on a line");
        }
    }

    /// <summary>
    /// Which cells of a row's raw text start with a quote (null when none does: the usual row).
    /// The line checks leave each row's quotes balanced, so a separator inside quotes is text.
    /// </summary>
    private static bool[]? QuotedCells(ReadOnlySpan<char> raw, char separator, int cells)
    {
        if (raw.IndexOf('"') < 0)
        {
            return null;
        }

        var quoted = new bool[cells];
        var cell = 0;
        var start = true;
        var inQuotes = false;
        foreach (var c in raw)
        {
            if (start && cell < cells)
            {
                quoted[cell] = c == '"';
            }

            start = false;
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (c == separator && !inQuotes)
            {
                cell++;
                start = true;
            }
        }

        return quoted;
    }

    private static void AddError(ref StringBuilder? errors, string column, ReadOnlySpan<char> value, string reason)
    {
        errors ??= new StringBuilder();
        if (errors.Length > 0) errors.Append("; ");
        errors.Append(column).Append(": \"");
        if (value.Length > MaxValueInError)
        {
            errors.Append(value[..MaxValueInError]).Append('…');
        }
        else
        {
            errors.Append(value);
        }
        errors.Append("\" ").Append(reason);
    }
}
