using System.ComponentModel.DataAnnotations;

namespace OrleansSms.Silo.Contacts;

/// <summary>Section <c>Import</c>.</summary>
public sealed class ImportOptions
{
    public const string Section = "Import";

    /// <summary>
    /// Contact writes in flight at once. A database write waits on a commit, so more in flight
    /// keeps it busy (64 on PostgreSQL: 2,408 rows/s against 2,041 with 24); in memory a write
    /// is CPU only and fewer contend less (16: ~43k rows/s warm against ~39k with 64).
    /// Default: 16 on memory storage, 64 otherwise.
    /// </summary>
    [Range(1, 1024)]
    public int Parallelism { get; set; } = 64;
}
