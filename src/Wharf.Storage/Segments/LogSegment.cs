using System.Buffers;
using System.Globalization;
using Microsoft.Win32.SafeHandles;
using Wharf.Protocol.Records;
using Wharf.Storage.IO;

namespace Wharf.Storage.Segments;

/// <summary>How a segment's tail or whole content was checked while loading, for the log message.</summary>
internal readonly record struct SegmentRecovery(long TruncatedBytes, long TruncatedAt, ScanStop Reason, bool OffsetsWentBackwards)
{
    public bool Truncated => TruncatedBytes > 0;

    public string Describe() => OffsetsWentBackwards
        ? "a batch's offsets go backwards"
        : Reason switch
        {
            ScanStop.Truncated => "the last batch is incomplete (torn write)",
            ScanStop.InvalidLength => "a batch length is impossible",
            ScanStop.UnsupportedMagic => "a batch has an unknown magic byte",
            ScanStop.CrcMismatch => "a batch fails its CRC-32C check",
            ScanStop.InvalidRecordCount => "a batch has an impossible record count",
            _ => "the data is damaged",
        };
}

/// <summary>
/// One segment of a partition log: <c>&lt;20-digit base offset&gt;.log</c> holding record batches exactly as they
/// are served, with its sparse <see cref="OffsetIndex"/> and <see cref="TimeIndex"/> (Kafka's LogSegment, section 6.1).
/// Appends come from one writer at a time (the partition lock) and publish the new size last, so readers, which
/// never lock, see whole batches only. Readers take a lease (<see cref="TryAcquire"/>) so that retention or
/// compaction can retire a segment while a fetch is still reading it: the files are unlinked at once and the
/// handles closed when the last lease is released.
/// </summary>
internal sealed class LogSegment
{
    public const string LogSuffix = ".log";
    public const string IndexSuffix = ".index";
    public const string TimeIndexSuffix = ".timeindex";

    private readonly SafeFileHandle _log;
    private long _size;
    private long _nextOffset;
    private long _maxTimestamp = -1;
    private long _offsetOfMaxTimestamp = -1;
    private long _bytesSinceIndexEntry;
    private int _leases = 1;

    private LogSegment(string directory, long baseOffset, int maxIndexBytes, FileMode mode, long nowMs)
    {
        Directory = directory;
        BaseOffset = baseOffset;
        CreatedMs = nowMs;
        _nextOffset = baseOffset;
        _log = FileIo.OpenReadWrite(PathFor(directory, baseOffset, LogSuffix), mode);
        try
        {
            Index = new OffsetIndex(PathFor(directory, baseOffset, IndexSuffix), baseOffset, maxIndexBytes, mode);
            TimeIndex = new TimeIndex(PathFor(directory, baseOffset, TimeIndexSuffix), baseOffset, maxIndexBytes, mode);
        }
        catch
        {
            _log.Dispose();
            Index?.Dispose();
            throw;
        }
    }

    public string Directory { get; }

    public long BaseOffset { get; }

    public OffsetIndex Index { get; }

    public TimeIndex TimeIndex { get; }

    /// <summary>Bytes of whole batches in the file; readers never look past it.</summary>
    public long Size => Volatile.Read(ref _size);

    /// <summary>The offset after the last batch (the base offset when empty).</summary>
    public long NextOffset => Volatile.Read(ref _nextOffset);

    /// <summary>The largest batch max timestamp in the segment, -1 when empty.</summary>
    public long MaxTimestamp => Volatile.Read(ref _maxTimestamp);

    /// <summary>The base offset of the batch holding <see cref="MaxTimestamp"/>, -1 when empty.</summary>
    public long OffsetOfMaxTimestamp => Volatile.Read(ref _offsetOfMaxTimestamp);

    /// <summary>The first batch's max timestamp, which segment.ms counts from (Kafka's rollingBasedTimestamp); -1 when empty.</summary>
    public long FirstBatchTimestamp { get; private set; } = -1;

    /// <summary>When this process created or opened the segment; segment.ms counts from here while the segment is empty.</summary>
    public long CreatedMs { get; }

    public bool IsEmpty => Size == 0;

    public string LogPath => PathFor(Directory, BaseOffset, LogSuffix);

    public static string FileName(long baseOffset, string suffix) =>
        baseOffset.ToString("D20", CultureInfo.InvariantCulture) + suffix;

    public static string PathFor(string directory, long baseOffset, string suffix) =>
        Path.Combine(directory, FileName(baseOffset, suffix));

    /// <summary>Parses a segment file name (<c>00000000000000000042.log</c>) back to its base offset.</summary>
    public static bool TryParseBaseOffset(string fileName, string suffix, out long baseOffset)
    {
        baseOffset = -1;
        return fileName.Length == 20 + suffix.Length
            && fileName.EndsWith(suffix, StringComparison.Ordinal)
            && long.TryParse(fileName.AsSpan(0, 20), NumberStyles.None, CultureInfo.InvariantCulture, out baseOffset);
    }

    /// <summary>Creates a new, empty segment (replacing leftover files of the same name).</summary>
    public static LogSegment Create(string directory, long baseOffset, int maxIndexBytes, long nowMs) =>
        new(directory, baseOffset, maxIndexBytes, FileMode.Create, nowMs);

    /// <summary>
    /// Opens a segment written earlier. Its indexes are loaded and checked, and rebuilt from the log when they fail
    /// (<paramref name="indexesRebuilt"/>); the batches after the last index entry are read to learn the next offset
    /// and largest timestamp. When those batches are damaged (or <paramref name="verifyAll"/>, after an unclean
    /// shutdown), the whole file is verified batch by batch and cut after the last valid one (<paramref name="recovery"/>).
    /// </summary>
    public static LogSegment Open(string directory, long baseOffset, int maxIndexBytes, int indexIntervalBytes, long nowMs, bool verifyAll, out bool indexesRebuilt, out SegmentRecovery recovery)
    {
        var segment = new LogSegment(directory, baseOffset, maxIndexBytes, FileMode.OpenOrCreate, nowMs);
        try
        {
            segment.Load(indexIntervalBytes, verifyAll, out indexesRebuilt, out recovery);
            return segment;
        }
        catch
        {
            segment.CloseFiles();
            throw;
        }
    }

    private void Load(int indexIntervalBytes, bool verifyAll, out bool indexesRebuilt, out SegmentRecovery recovery)
    {
        recovery = default;
        indexesRebuilt = false;
        var fileLength = RandomAccess.GetLength(_log);
        if (verifyAll)
        {
            recovery = Recover(fileLength, indexIntervalBytes);
            indexesRebuilt = true;
            return;
        }

        // Without time entries the largest timestamp of the batches before the last offset entry is unknown.
        var indexesValid = Index.Load(fileLength) && TimeIndex.Load(fileLength) && (Index.Count == 0 || TimeIndex.Count > 0);
        if (indexesValid && TryScanTail(fileLength, indexIntervalBytes))
        {
            return;
        }

        indexesRebuilt = true;
        recovery = Recover(fileLength, indexIntervalBytes);
    }

    /// <summary>
    /// Reads the batches from the last index entry to the end of the file without checking CRCs (a clean load).
    /// Fails when the batch at the index entry is not the one it names, or any batch is damaged.
    /// </summary>
    private bool TryScanTail(long fileLength, int indexIntervalBytes)
    {
        var indexed = Index.Last;
        var start = indexed ?? new OffsetPosition(BaseOffset, 0);
        if (TimeIndex.Last is { } lastTime)
        {
            _maxTimestamp = lastTime.Timestamp;
            _offsetOfMaxTimestamp = lastTime.Offset;
        }

        _nextOffset = start.Offset;
        _bytesSinceIndexEntry = 0;
        using var scanner = new SegmentScanner(_log, start.Position, fileLength, verify: false);
        var first = true;
        while (scanner.MoveNext())
        {
            var header = scanner.Current;
            // The batch at the last index entry must be the one the entry names (compaction may leave the
            // segment's first batch above its base offset, so an unindexed start is not checked).
            if ((first && indexed is not null && header.BaseOffset != start.Offset) || !FollowsInOrder(header))
            {
                ResetState();
                return false;
            }

            first = false;
            Track(header, scanner.CurrentPosition, indexIntervalBytes);
        }

        // A time index entry past the last batch does not belong to this log.
        if (scanner.Stop != ScanStop.End || (TimeIndex.Last is { } lastEntry && lastEntry.Offset >= _nextOffset))
        {
            ResetState();
            return false;
        }

        _size = fileLength;
        ReadFirstBatchTimestamp();
        return true;
    }

    /// <summary>Verifies every batch (CRC included), rebuilds both indexes and cuts the file after the last valid batch.</summary>
    private SegmentRecovery Recover(long fileLength, int indexIntervalBytes)
    {
        ResetState();
        Index.Reset();
        TimeIndex.Reset();
        var offsetsWentBackwards = false;
        using var scanner = new SegmentScanner(_log, 0, fileLength, verify: true);
        while (scanner.MoveNext())
        {
            if (!FollowsInOrder(scanner.Current))
            {
                offsetsWentBackwards = true;
                break;
            }

            Track(scanner.Current, scanner.CurrentPosition, indexIntervalBytes);
        }

        var validEnd = offsetsWentBackwards ? scanner.CurrentPosition : scanner.Position;
        if (validEnd < fileLength)
        {
            RandomAccess.SetLength(_log, validEnd);
        }

        _size = validEnd;
        ReadFirstBatchTimestamp();
        return new SegmentRecovery(fileLength - validEnd, validEnd, scanner.Stop, offsetsWentBackwards);
    }

    /// <summary>A batch's offsets must lie after everything before it and within an int32 of the segment base.</summary>
    private bool FollowsInOrder(in RecordBatchHeader header) =>
        header.BaseOffset >= _nextOffset
        && header.LastOffset >= header.BaseOffset
        && header.LastOffset - BaseOffset <= int.MaxValue;

    private void ResetState()
    {
        _nextOffset = BaseOffset;
        _maxTimestamp = -1;
        _offsetOfMaxTimestamp = -1;
        _bytesSinceIndexEntry = 0;
        _size = 0;
    }

    private void ReadFirstBatchTimestamp()
    {
        if (_size < RecordBatchHeader.Size)
        {
            FirstBatchTimestamp = -1;
            return;
        }

        Span<byte> header = stackalloc byte[RecordBatchHeader.Size];
        FileIo.ReadExactly(_log, header, 0);
        FirstBatchTimestamp = new RecordBatchHeader(header).MaxTimestamp;
    }

    /// <summary>
    /// Appends a batch whose offsets are already assigned. The bytes go to the page cache (no fsync here, see
    /// <see cref="FlushLog"/>); the size is published last, so concurrent readers never see a partial batch.
    /// </summary>
    public void Append(ReadOnlySpan<byte> batch, in RecordBatchHeader header, int indexIntervalBytes)
    {
        var position = _size;
        try
        {
            RandomAccess.Write(_log, batch, position);
        }
        catch (IOException)
        {
            // Leave no partial batch behind for the next append to follow (disk full, for example).
            TryTruncate(position);
            throw;
        }

        if (position == 0)
        {
            FirstBatchTimestamp = header.MaxTimestamp;
        }

        Track(header, position, indexIntervalBytes);
        Volatile.Write(ref _size, position + batch.Length);
    }

    private void TryTruncate(long length)
    {
        try
        {
            RandomAccess.SetLength(_log, length);
        }
        catch (IOException)
        {
            // The append fails either way; recovery after a restart cuts whatever is left.
        }
    }

    /// <summary>
    /// Index bookkeeping for a batch at <paramref name="position"/>, as Kafka's LogSegment.append: once more than
    /// index.interval.bytes were appended since the last entry, this batch gets an offset entry and, when the
    /// largest timestamp grew, a time entry.
    /// </summary>
    private void Track(in RecordBatchHeader header, long position, int indexIntervalBytes)
    {
        if (header.MaxTimestamp > _maxTimestamp)
        {
            Volatile.Write(ref _maxTimestamp, header.MaxTimestamp);
            Volatile.Write(ref _offsetOfMaxTimestamp, header.BaseOffset);
        }

        if (_bytesSinceIndexEntry > indexIntervalBytes)
        {
            Index.Append(header.BaseOffset, (int)position);
            TimeIndex.MaybeAppend(_maxTimestamp, _offsetOfMaxTimestamp);
            _bytesSinceIndexEntry = 0;
        }

        _bytesSinceIndexEntry += header.TotalSize;
        Volatile.Write(ref _nextOffset, header.NextOffset);
    }

    /// <summary>Finds the first batch whose last offset is at or after <paramref name="offset"/>, below <paramref name="endPosition"/>.</summary>
    public bool TryFindBatch(long offset, long endPosition, out long position, out RecordBatchHeader header)
    {
        var start = Index.Lookup(offset);
        using var scanner = new SegmentScanner(_log, start.Position, endPosition, verify: false, SegmentScanner.SmallChunk);
        while (scanner.MoveNext())
        {
            if (scanner.Current.LastOffset >= offset)
            {
                position = scanner.CurrentPosition;
                header = scanner.Current;
                return true;
            }
        }

        position = -1;
        header = default;
        return false;
    }

    /// <summary>
    /// Finds the first batch at or after <paramref name="minOffset"/> whose max timestamp is at or after
    /// <paramref name="timestamp"/>, starting from the time index (Kafka's LogSegment.findOffsetByTimestamp).
    /// </summary>
    public bool TryFindBatchByTimestamp(long timestamp, long minOffset, long endPosition, out long position, out RecordBatchHeader header)
    {
        var scanFrom = Math.Max(TimeIndex.LookupScanStart(timestamp), minOffset);
        var start = Index.Lookup(scanFrom);
        using var scanner = new SegmentScanner(_log, start.Position, endPosition, verify: false);
        while (scanner.MoveNext())
        {
            var current = scanner.Current;
            if (current.LastOffset >= minOffset && current.MaxTimestamp >= timestamp)
            {
                position = scanner.CurrentPosition;
                header = current;
                return true;
            }
        }

        position = -1;
        header = default;
        return false;
    }

    /// <summary>Visits every batch (position and header) from <paramref name="fromOffset"/> to the end of the segment (no CRC check).</summary>
    public void ForEachBatch(long fromOffset, Action<long, RecordBatchHeader> visit)
    {
        var start = Index.Lookup(fromOffset);
        using var scanner = new SegmentScanner(_log, start.Position, Size, verify: false);
        while (scanner.MoveNext())
        {
            if (scanner.Current.LastOffset >= fromOffset)
            {
                visit(scanner.CurrentPosition, scanner.Current);
            }
        }
    }

    /// <summary>Reads up to <paramref name="destination"/>.Length bytes at <paramref name="position"/>; returns the count.</summary>
    public int Read(long position, Span<byte> destination) => FileIo.ReadAtMost(_log, destination, position);

    /// <summary>Reads a whole batch starting at <paramref name="position"/> into a pooled buffer the caller returns.</summary>
    public byte[] RentBatch(long position, int size)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        FileIo.ReadExactly(_log, buffer.AsSpan(0, size), position);
        return buffer;
    }

    /// <summary>fsync of the log data only: what a flush policy promises (indexes are rebuilt after a crash).</summary>
    public void FlushLog() => RandomAccess.FlushToDisk(_log);

    /// <summary>fsync of the log and both indexes: on roll and on clean shutdown.</summary>
    public void FlushAll()
    {
        RandomAccess.FlushToDisk(_log);
        Index.Flush();
        TimeIndex.Flush();
    }

    /// <summary>
    /// The segment stops being active: its time index gets a final entry with the largest timestamp, everything
    /// is fsynced, and the index files are closed.
    /// </summary>
    public void Seal()
    {
        TimeIndex.MaybeAppend(_maxTimestamp, _offsetOfMaxTimestamp);
        FlushAll();
        CloseIndexFiles();
    }

    /// <summary>Closes the index files of a segment that takes no more appends (see <see cref="IndexFile{TEntry}.CloseFile"/>).</summary>
    public void CloseIndexFiles()
    {
        Index.CloseFile();
        TimeIndex.CloseFile();
    }

    /// <summary>Takes a lease for a reader; false when the segment was retired meanwhile.</summary>
    public bool TryAcquire()
    {
        while (true)
        {
            var leases = Volatile.Read(ref _leases);
            if (leases == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _leases, leases + 1, leases) == leases)
            {
                return true;
            }
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _leases) == 0)
        {
            CloseFiles();
        }
    }

    /// <summary>
    /// Takes the segment out of the log. With <paramref name="deleteFiles"/> its files are unlinked now (readers
    /// holding a lease keep reading through their open handle); the handles close with the last lease.
    /// </summary>
    public void Retire(bool deleteFiles)
    {
        if (deleteFiles)
        {
            // The log file first: without it, leftover index files are ignored and removed at the next load.
            File.Delete(LogPath);
            File.Delete(Index.Path);
            File.Delete(TimeIndex.Path);
        }

        Release();
    }

    private void CloseFiles()
    {
        _log.Dispose();
        Index.Dispose();
        TimeIndex.Dispose();
    }
}
