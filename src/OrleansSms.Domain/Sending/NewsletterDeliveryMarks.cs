using System.Numerics;

namespace OrleansSms.Domain.Sending;

/// <summary>
/// A set of positions in a newsletter shard's walk, as a bitmap: marking is idempotent, so a
/// delivery reported many times counts once, and a shard of 100,000 contacts needs 12.5 KB.
/// </summary>
public static class NewsletterDeliveryMarks
{
    public static bool IsMarked(byte[]? marks, int position) =>
        marks is not null && position >> 3 < marks.Length && (marks[position >> 3] & (1 << (position & 7))) != 0;

    /// <summary>The marks with <paramref name="position"/> set, grown when needed (the array given may be returned).</summary>
    public static byte[] Mark(byte[]? marks, int position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        var needed = (position >> 3) + 1;
        if (marks is null || marks.Length < needed)
        {
            // Grown by half again, so a walk's marks are reallocated a few times, not once per byte.
            var grown = new byte[Math.Max(needed, (marks?.Length ?? 0) * 3 / 2)];
            marks?.CopyTo(grown, 0);
            marks = grown;
        }

        marks[position >> 3] |= (byte)(1 << (position & 7));
        return marks;
    }

    public static long Count(byte[]? marks)
    {
        long count = 0;
        foreach (var b in marks ?? [])
        {
            count += BitOperations.PopCount(b);
        }

        return count;
    }
}
