using Microsoft.Win32.SafeHandles;

namespace Wharf.Storage.IO;

/// <summary>Positional reads that fill the whole buffer (pread may return less than asked near the end of a file).</summary>
internal static class FileIo
{
    /// <summary>Reads until <paramref name="buffer"/> is full or the file ends; returns the bytes read.</summary>
    public static int ReadAtMost(SafeFileHandle file, Span<byte> buffer, long position)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = RandomAccess.Read(file, buffer[total..], position + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    public static void ReadExactly(SafeFileHandle file, Span<byte> buffer, long position)
    {
        var read = ReadAtMost(file, buffer, position);
        if (read != buffer.Length)
        {
            throw new EndOfStreamException($"Expected {buffer.Length} bytes at position {position}, found {read}.");
        }
    }

    /// <summary>Opens a data or index file for appending and positional reads; deletable while open (retention, compaction).</summary>
    public static SafeFileHandle OpenReadWrite(string path, FileMode mode) =>
        File.OpenHandle(path, mode, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
}
