using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansSms.Silo.Contacts;

/// <summary>How an import writes its contacts (section <c>Import</c>). Validated at start.</summary>
public sealed class ImportOptions
{
    public const string Section = "Import";

    /// <summary>
    /// Contact writes in flight at once. A database write waits on a commit, so more in flight
    /// keeps it busy (64 on PostgreSQL: 2,408 rows/s against 2,041 with 24); in memory a write
    /// is CPU only and fewer contend less (16: ~43k rows/s warm against ~39k with 64).
    /// 1 to 1024. Default: 16 on memory storage, 64 otherwise.
    /// </summary>
    [Range(1, 1024)]
    public int Parallelism { get; set; } = 64;
}

/// <summary>The source-generated DataAnnotations validator of <see cref="ImportOptions"/>.</summary>
[OptionsValidator]
public sealed partial class ImportOptionsValidator : IValidateOptions<ImportOptions>;
