using OrleansSms.Silo.Contacts;

namespace OrleansSms.Silo.Console.Components.Shared;

/// <summary>What the import page says of a chosen file before it reads a byte of it: not a CSV, or larger than an import takes.</summary>
public static class ImportFileCheck
{
    /// <summary>The media types a CSV file is given (browsers on Windows call it Excel's).</summary>
    private static readonly string[] CsvTypes = ["text/csv", "application/csv", "application/vnd.ms-excel"];

    /// <summary>A sentence about the file when the import would not take it; null when it may go in.</summary>
    public static string? ProblemOf(string name, string? contentType, long size, long maxBytes = ContactsApi.MaxImportBytes)
    {
        var isCsv = name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ||
            (contentType is { Length: > 0 } type && CsvTypes.Contains(type.Split(';')[0].Trim(), StringComparer.OrdinalIgnoreCase));
        if (!isCsv)
        {
            return $"'{name}' is not a CSV file: choose a .csv file, a header row then one contact a line.";
        }

        if (size > maxBytes)
        {
            return $"'{name}' is larger than an import takes ({Size(maxBytes)}): split it into smaller files.";
        }

        return null;
    }

    /// <summary>A size in the largest whole unit that fits it: 2 GiB, 512 KiB, 900 bytes.</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => $"{bytes >> 30} GiB",
        >= 1L << 20 when bytes % (1L << 20) == 0 => $"{bytes >> 20} MiB",
        >= 1L << 10 when bytes % (1L << 10) == 0 => $"{bytes >> 10} KiB",
        _ => $"{bytes:N0} bytes",
    };
}
