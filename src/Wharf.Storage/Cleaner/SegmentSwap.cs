using System.Globalization;
using Wharf.Storage.IO;
using Wharf.Storage.Segments;

namespace Wharf.Storage.Cleaner;

/// <summary>
/// Crash-safe replacement of a run of segments by their compacted copy. Kafka writes <c>.cleaned</c> files and
/// renames them to <c>.swap</c> as the commit point; here the copy is written as an ordinary segment in the
/// partition's <c>cleaning/</c> directory, fsynced, and a marker file naming the replaced offset range is the
/// commit point. Without the marker a leftover copy is discarded; with it the swap is completed (old files of the
/// range deleted, the copy moved in), and completing it again after another crash is harmless.
/// </summary>
internal static class SegmentSwap
{
    public const string DirectoryName = "cleaning";
    private const string MarkerName = "swap";

    public static string CleaningDirectory(string partitionDirectory) => Path.Combine(partitionDirectory, DirectoryName);

    /// <summary>Starts a fresh, empty cleaning directory.</summary>
    public static string Prepare(string partitionDirectory)
    {
        var cleaning = CleaningDirectory(partitionDirectory);
        if (Directory.Exists(cleaning))
        {
            Directory.Delete(cleaning, recursive: true);
        }

        Directory.CreateDirectory(cleaning);
        return cleaning;
    }

    /// <summary>
    /// The commit point: the compacted copy of the segments with base offsets in [<paramref name="baseOffset"/>,
    /// <paramref name="rangeEnd"/>) is complete and synced, and now replaces them.
    /// </summary>
    public static void Commit(string partitionDirectory, long baseOffset, long rangeEnd)
    {
        AtomicFile.Write(
            Path.Combine(CleaningDirectory(partitionDirectory), MarkerName),
            System.Text.Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{baseOffset} {rangeEnd}\n")));
        Complete(partitionDirectory, baseOffset, rangeEnd);
    }

    /// <summary>
    /// At load: completes a committed swap (returning its base offset) or discards an uncommitted copy (null).
    /// </summary>
    public static long? Recover(string partitionDirectory)
    {
        var cleaning = CleaningDirectory(partitionDirectory);
        if (!Directory.Exists(cleaning))
        {
            return null;
        }

        var marker = AtomicFile.ReadAll(Path.Combine(cleaning, MarkerName), 128);
        var parts = marker is null ? [] : System.Text.Encoding.ASCII.GetString(marker).Split(' ', StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var baseOffset)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var rangeEnd))
        {
            Complete(partitionDirectory, baseOffset, rangeEnd);
            return baseOffset;
        }

        Directory.Delete(cleaning, recursive: true);
        return null;
    }

    private static void Complete(string partitionDirectory, long baseOffset, long rangeEnd)
    {
        var cleaning = CleaningDirectory(partitionDirectory);

        // While the copy's log is still in the cleaning directory, the old files may be only partly deleted.
        if (File.Exists(LogSegment.PathFor(cleaning, baseOffset, LogSegment.LogSuffix)))
        {
            foreach (var path in Directory.EnumerateFiles(partitionDirectory))
            {
                var name = Path.GetFileName(path);
                if ((LogSegment.TryParseBaseOffset(name, LogSegment.LogSuffix, out var offset)
                        || LogSegment.TryParseBaseOffset(name, LogSegment.IndexSuffix, out offset)
                        || LogSegment.TryParseBaseOffset(name, LogSegment.TimeIndexSuffix, out offset))
                    && offset >= baseOffset && offset < rangeEnd)
                {
                    File.Delete(path);
                }
            }
        }

        // The log first: once it has left the cleaning directory the old files are known to be gone, so the
        // indexes that follow are never mistaken for old ones (a missing index is rebuilt at load anyway).
        foreach (var suffix in new[] { LogSegment.LogSuffix, LogSegment.IndexSuffix, LogSegment.TimeIndexSuffix })
        {
            var source = LogSegment.PathFor(cleaning, baseOffset, suffix);
            if (File.Exists(source))
            {
                File.Move(source, LogSegment.PathFor(partitionDirectory, baseOffset, suffix), overwrite: true);
            }
        }

        Directory.Delete(cleaning, recursive: true);
        DirectorySync.Sync(partitionDirectory);
    }
}
