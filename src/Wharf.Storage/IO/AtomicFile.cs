namespace Wharf.Storage.IO;

/// <summary>
/// Replaces a small file so that a crash leaves either the old or the new content, never a mix: write a
/// temporary file, fsync it, rename it over the target, fsync the directory (the rename is the commit point).
/// </summary>
internal static class AtomicFile
{
    public const string TemporarySuffix = ".tmp";

    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        var temporary = path + TemporarySuffix;
        using (var handle = File.OpenHandle(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            RandomAccess.Write(handle, content, 0);
            RandomAccess.FlushToDisk(handle);
        }

        File.Move(temporary, path, overwrite: true);
        DirectorySync.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Reads a whole small file, refusing files above <paramref name="maxBytes"/>; null when it does not exist.</summary>
    public static byte[]? ReadAll(string path, int maxBytes)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = RandomAccess.GetLength(handle);
        if (length > maxBytes)
        {
            throw new InvalidDataException($"'{path}' is {length} bytes, more than the {maxBytes} bytes such a file may have.");
        }

        var content = new byte[length];
        FileIo.ReadExactly(handle, content, 0);
        return content;
    }
}
