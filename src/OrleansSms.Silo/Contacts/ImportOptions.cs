using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using OrleansSms.Domain.Contacts;

namespace OrleansSms.Silo.Contacts;

/// <summary>How an import reads and writes its contacts (section <c>Import</c>). Validated at start.</summary>
public sealed class ImportOptions
{
    public const string Section = "Import";

    /// <summary>
    /// Contact writes in flight at once. A database write waits on a commit, so more in flight
    /// keeps it busy (64 on PostgreSQL: 2,408 rows/s against 2,041 with 24); in memory a write
    /// is CPU only and fewer contend less (16: ~43k rows/s warm against ~39k with 64). SQLite has
    /// one writer, and a write waiting for its lock holds a thread-pool thread (its driver's
    /// asynchronous calls run synchronously): 64 in flight held every thread of the pool for
    /// seconds (the silo's health probe and every other request waited), 2 keep one writing
    /// while the next gets ready. 1 to 1024. Default: 16 on memory storage, 2 on SQLite, 64 on
    /// PostgreSQL.
    /// </summary>
    [Range(1, 1024)]
    public int Parallelism { get; set; } = 64;

    /// <summary>
    /// The longest line, in bytes of UTF-8 without its line break. A longer data line is rejected
    /// with its line number (its bytes are dropped as they arrive) and the import goes on; a longer
    /// header line rejects the file. 1,024 to 4,194,304. Default: 65,536.
    /// </summary>
    [Range(ContactCsvLimits.MinLineBytes, ContactCsvLimits.MaxLineBytesCeiling)]
    public int MaxLineBytes { get; set; } = ContactCsvLimits.DefaultMaxLineBytes;

    /// <summary>
    /// The most custom-field columns an import's header may have, so the most fields one line
    /// sets (the system columns and <c>email</c> not counted); more rejects the file. 1 to 1,000.
    /// Default: 200, as many as one contact API request.
    /// </summary>
    [Range(1, ContactCsvLimits.MaxFieldsCeiling)]
    public int MaxFields { get; set; } = ContactCsvLimits.DefaultMaxFields;

    public ContactCsvLimits ToLimits() => new(MaxLineBytes, MaxFields);
}

/// <summary>The source-generated DataAnnotations validator of <see cref="ImportOptions"/>.</summary>
[OptionsValidator]
public sealed partial class ImportOptionsValidator : IValidateOptions<ImportOptions>;
