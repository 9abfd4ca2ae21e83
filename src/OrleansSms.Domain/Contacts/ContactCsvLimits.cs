namespace OrleansSms.Domain.Contacts;

/// <summary>
/// What one contact CSV import accepts (the silo's <c>Import:MaxLineBytes</c> and
/// <c>Import:MaxFields</c>).
/// </summary>
/// <param name="MaxLineBytes">
/// The longest line, in bytes of UTF-8 without its line break. A longer data line is rejected
/// (its bytes are dropped as they arrive, never held); a longer header rejects the file.
/// <see cref="MinLineBytes"/> to <see cref="MaxLineBytesCeiling"/>.
/// </param>
/// <param name="MaxFields">
/// The most custom-field columns a header may have (the system columns and <c>email</c> not
/// counted): the fields one line can set. 1 to <see cref="MaxFieldsCeiling"/>.
/// </param>
public sealed record ContactCsvLimits(int MaxLineBytes = ContactCsvLimits.DefaultMaxLineBytes, int MaxFields = ContactCsvLimits.DefaultMaxFields)
{
    /// <summary>64 KiB: 200 fields of some 300 characters each.</summary>
    public const int DefaultMaxLineBytes = 64 * 1024;

    public const int MinLineBytes = 1024;

    /// <summary>4 MiB: well inside the row Sep can hold (16 Mi characters, buffer doubling included).</summary>
    public const int MaxLineBytesCeiling = 4 * 1024 * 1024;

    /// <summary>As many fields as one contact API request may set.</summary>
    public const int DefaultMaxFields = 200;

    public const int MaxFieldsCeiling = 1000;

    public static ContactCsvLimits Default { get; } = new();

    public int MaxLineBytes { get; } = MaxLineBytes is >= MinLineBytes and <= MaxLineBytesCeiling
        ? MaxLineBytes
        : throw new ArgumentOutOfRangeException(nameof(MaxLineBytes), MaxLineBytes, $"{MinLineBytes} to {MaxLineBytesCeiling}");

    public int MaxFields { get; } = MaxFields is >= 1 and <= MaxFieldsCeiling
        ? MaxFields
        : throw new ArgumentOutOfRangeException(nameof(MaxFields), MaxFields, $"1 to {MaxFieldsCeiling}");
}
