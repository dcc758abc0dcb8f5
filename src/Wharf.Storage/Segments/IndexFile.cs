using System.Buffers;
using Microsoft.Win32.SafeHandles;
using Wharf.Storage.IO;

namespace Wharf.Storage.Segments;

/// <summary>
/// A file of fixed-size entries appended in order, mirrored in memory so that lookups need no I/O (an offset
/// entry is 8 bytes per index.interval.bytes of log, about 0.2% of the data at the 4 KiB default). Appends come
/// from one writer at a time (the partition lock); lookups may run concurrently: the count is published after
/// the entry is in place, and a grown array keeps every entry below any count a reader has seen. The file is not
/// checksummed: it is checked on load and rebuilt from the log when suspect (Kafka's approach, section 6.1).
/// </summary>
internal abstract class IndexFile<TEntry> : IDisposable
    where TEntry : struct
{
    // Index files are small (segment.index.bytes, 10 MiB by default); anything larger is treated as corrupt.
    private const int MaxFileBytes = 64 * 1024 * 1024;

    private readonly SafeFileHandle _file;
    private readonly int _entrySize;
    private TEntry[] _entries = new TEntry[16];
    private int _count;

    protected IndexFile(string path, long baseOffset, int entrySize, int maxEntries, FileMode mode)
    {
        Path = path;
        BaseOffset = baseOffset;
        _entrySize = entrySize;
        MaxEntries = Math.Max(1, maxEntries);
        _file = FileIo.OpenReadWrite(path, mode);
    }

    public string Path { get; }

    public long BaseOffset { get; }

    public int MaxEntries { get; }

    public int Count => Volatile.Read(ref _count);

    public bool IsFull => Count >= MaxEntries;

    public TEntry? Last
    {
        get
        {
            var count = Count;
            return count == 0 ? null : Volatile.Read(ref _entries)[count - 1];
        }
    }

    /// <summary>The entries present when called; safe to read while an append runs.</summary>
    protected ReadOnlySpan<TEntry> Entries
    {
        get
        {
            var count = Count;
            return Volatile.Read(ref _entries).AsSpan(0, count);
        }
    }

    protected abstract void Encode(in TEntry entry, Span<byte> destination);

    protected abstract TEntry Decode(ReadOnlySpan<byte> source);

    /// <summary>Whether <paramref name="next"/> may follow <paramref name="previous"/> (or be first when null).</summary>
    protected abstract bool IsOrdered(TEntry? previous, in TEntry next, long logSize);

    protected void AppendEntry(in TEntry entry)
    {
        var count = _count;
        Span<byte> encoded = stackalloc byte[_entrySize];
        Encode(entry, encoded);
        RandomAccess.Write(_file, encoded, (long)count * _entrySize);

        var entries = _entries;
        if (count == entries.Length)
        {
            var grown = new TEntry[entries.Length * 2];
            entries.CopyTo(grown, 0);
            Volatile.Write(ref _entries, grown);
            entries = grown;
        }

        entries[count] = entry;
        Volatile.Write(ref _count, count + 1);
    }

    /// <summary>
    /// Loads the file into memory and checks it: whole entries only, each in order and pointing inside a log of
    /// <paramref name="logSize"/> bytes. Returns false (and leaves the index empty) when the file cannot be trusted.
    /// </summary>
    public bool Load(long logSize)
    {
        var length = RandomAccess.GetLength(_file);
        if (length % _entrySize != 0 || length > MaxFileBytes)
        {
            return false;
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            FileIo.ReadExactly(_file, buffer.AsSpan(0, (int)length), 0);
            var count = (int)(length / _entrySize);
            var entries = new TEntry[Math.Max(16, count)];
            TEntry? previous = null;
            for (var i = 0; i < count; i++)
            {
                var entry = Decode(buffer.AsSpan(i * _entrySize, _entrySize));
                if (!IsOrdered(previous, entry, logSize))
                {
                    return false;
                }

                entries[i] = entry;
                previous = entry;
            }

            _entries = entries;
            _count = count;
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Empties the index (file and memory) before it is rebuilt from the log.</summary>
    public void Reset()
    {
        RandomAccess.SetLength(_file, 0);
        _entries = new TEntry[16];
        Volatile.Write(ref _count, 0);
    }

    public void Flush() => RandomAccess.FlushToDisk(_file);

    /// <summary>
    /// Closes the file of an index that will not grow again (its segment is no longer active): lookups use the
    /// entries in memory, so a partition keeps one open file per inactive segment instead of three.
    /// </summary>
    public void CloseFile() => _file.Dispose();

    public void Dispose()
    {
        _file.Dispose();
        GC.SuppressFinalize(this);
    }
}
