using System.Buffers;
using Wharf.Protocol;
using Wharf.Protocol.Records;
using Wharf.Storage.Segments;

namespace Wharf.Storage;

public sealed partial class PartitionLog
{
    /// <summary>
    /// The most one read copies out of a segment, unless a single batch is larger (KIP-74). Returning less than a
    /// fetch's max bytes is always allowed; the cap keeps one fetch from renting a buffer of a whole segment.
    /// </summary>
    internal const int MaxReadBytes = 8 * 1024 * 1024;

    /// <summary>
    /// Reads whole batches, starting with the batch that contains <paramref name="fetchOffset"/> (clients skip the
    /// records before it, section 4.3), never a batch at or past <paramref name="upperBoundOffset"/> (the high
    /// watermark or last stable offset), within <paramref name="maxBytes"/>, except that with
    /// <paramref name="minOneBatch"/> the first batch is returned even when larger (KIP-74). Reads stay within one
    /// segment, as Kafka's do. OFFSET_OUT_OF_RANGE when the offset is below the log start or above the log end;
    /// an offset at the log end gives an empty result. Lock-free and thread-safe; dispose the result.
    /// </summary>
    public LogReadResult Read(long fetchOffset, int maxBytes, bool minOneBatch, long upperBoundOffset)
    {
        while (true)
        {
            if (TryRead(fetchOffset, maxBytes, minOneBatch, upperBoundOffset) is { } result)
            {
                return result;
            }
        }
    }

    /// <summary>One read attempt on a snapshot of the segment list; null when a segment was retired meanwhile.</summary>
    private LogReadResult? TryRead(long fetchOffset, int maxBytes, bool minOneBatch, long upperBoundOffset)
    {
        var logStart = LogStartOffset;
        var logEnd = LogEndOffset;
        var segments = Volatile.Read(ref _segments);
        if (Volatile.Read(ref _closed))
        {
            return new LogReadResult(ErrorCode.UnknownTopicOrPartition, null, 0, -1, -1);
        }

        if (fetchOffset < logStart || fetchOffset > logEnd)
        {
            return new LogReadResult(ErrorCode.OffsetOutOfRange, null, 0, logEnd, logStart);
        }

        var upper = Math.Min(upperBoundOffset, logEnd);
        if (fetchOffset >= upper || (maxBytes <= 0 && !minOneBatch))
        {
            return Empty(logEnd, logStart);
        }

        for (var i = FindSegment(segments, fetchOffset); i < segments.Length; i++)
        {
            var segment = segments[i];
            if (!segment.TryAcquire())
            {
                return null;
            }

            try
            {
                var end = segment.Size;
                if (segment.TryFindBatch(fetchOffset, end, out var position, out var first))
                {
                    return first.BaseOffset >= upper
                        ? Empty(logEnd, logStart)
                        : ReadBatches(segment, position, end, first, maxBytes, minOneBatch, upper, logEnd, logStart);
                }
            }
            finally
            {
                segment.Release();
            }
        }

        return Empty(logEnd, logStart);
    }

    private static LogReadResult Empty(long highWatermark, long logStart) =>
        new(ErrorCode.None, null, 0, highWatermark, logStart);

    private static LogReadResult ReadBatches(LogSegment segment, long position, long end, in RecordBatchHeader first, int maxBytes, bool minOneBatch, long upper, long highWatermark, long logStart)
    {
        var want = (int)Math.Min(end - position, Math.Min(Math.Max(maxBytes, 0), MaxReadBytes));
        if (want < first.TotalSize)
        {
            if (!minOneBatch)
            {
                return Empty(highWatermark, logStart);
            }

            want = first.TotalSize;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(want);
        try
        {
            var read = segment.Read(position, buffer.AsSpan(0, want));
            var length = WholeBatchesBelow(buffer.AsSpan(0, read), upper);
            if (length == 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return Empty(highWatermark, logStart);
            }

            return new LogReadResult(ErrorCode.None, buffer, length, highWatermark, logStart);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>The length of the whole batches at the start of <paramref name="data"/> whose base offset is below <paramref name="upper"/>.</summary>
    private static int WholeBatchesBelow(ReadOnlySpan<byte> data, long upper)
    {
        var length = 0;
        while (data.Length - length >= RecordBatchHeader.LogOverhead)
        {
            var rest = data[length..];
            var size = RecordBatchHeader.PeekTotalSize(rest);
            if (size < RecordBatchHeader.Size || size > rest.Length || RecordBatchHeader.PeekBaseOffset(rest) >= upper)
            {
                break;
            }

            length += size;
        }

        return length;
    }

    /// <summary>The index of the last segment whose base offset is at or below <paramref name="offset"/> (0 when none is).</summary>
    private static int FindSegment(LogSegment[] segments, long offset)
    {
        int low = 0, high = segments.Length - 1, found = 0;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            if (segments[mid].BaseOffset <= offset)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return found;
    }

    /// <summary>
    /// Completes when the log end offset passes <paramref name="knownEndOffset"/> (a parked fetch, section 4.2),
    /// or when the partition is closed. Costs nothing on the append path while no one waits.
    /// </summary>
    public Task WaitForAppendAsync(long knownEndOffset, CancellationToken cancellationToken)
    {
        if (LogEndOffset > knownEndOffset || Volatile.Read(ref _closed))
        {
            return Task.CompletedTask;
        }

        var signal = Volatile.Read(ref _appendSignal);
        if (signal is null)
        {
            var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            signal = Interlocked.CompareExchange(ref _appendSignal, fresh, null) ?? fresh;
        }

        // Checked again after the signal is in place: an append that ran in between may not have seen it.
        if (LogEndOffset > knownEndOffset || Volatile.Read(ref _closed))
        {
            return Task.CompletedTask;
        }

        return signal.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// ListOffsets by timestamp: the earliest offset (at or above the log start) whose record timestamp is at or
    /// after <paramref name="timestamp"/>, and that record's timestamp; null when every record is older. Found
    /// through the segments' largest timestamps and time indexes, a scan of batch headers, then the records of
    /// the one batch that holds the answer (Kafka's LogSegment.findOffsetByTimestamp).
    /// </summary>
    public (long Offset, long Timestamp)? FindOffsetByTimestamp(long timestamp)
    {
        while (true)
        {
            if (TryFindOffsetByTimestamp(timestamp, out var found))
            {
                return found;
            }
        }
    }

    /// <summary>One search on a snapshot of the segment list; false when a segment was retired (compacted) meanwhile.</summary>
    private bool TryFindOffsetByTimestamp(long timestamp, out (long Offset, long Timestamp)? found)
    {
        found = null;
        var logStart = LogStartOffset;
        foreach (var segment in Volatile.Read(ref _segments))
        {
            if (segment.MaxTimestamp < timestamp || segment.NextOffset <= logStart)
            {
                continue;
            }

            if (!segment.TryAcquire())
            {
                return Volatile.Read(ref _closed);
            }

            try
            {
                if (segment.TryFindBatchByTimestamp(timestamp, logStart, segment.Size, out var position, out var batch))
                {
                    found = FindRecord(segment, position, batch, r => r.Timestamp >= timestamp && r.Offset >= logStart)
                        ?? (Math.Max(batch.BaseOffset, logStart), batch.MaxTimestamp);
                    return true;
                }
            }
            finally
            {
                segment.Release();
            }
        }

        return true;
    }

    /// <summary>
    /// ListOffsets MAX_TIMESTAMP (-3, KIP-734): the largest record timestamp in the log and the offset of the first
    /// record that has it; (-1, -1) for an empty log. Reads the records of the one batch holding it.
    /// </summary>
    public (long Offset, long Timestamp) MaxTimestamp
    {
        get
        {
            while (true)
            {
                LogSegment? best = null;
                foreach (var segment in Volatile.Read(ref _segments))
                {
                    if (segment.MaxTimestamp > (best?.MaxTimestamp ?? -1))
                    {
                        best = segment;
                    }
                }

                if (best is null)
                {
                    return (-1, -1);
                }

                if (!best.TryAcquire())
                {
                    // Retired (compacted) since the snapshot: look again, unless the partition is gone.
                    if (Volatile.Read(ref _closed))
                    {
                        return (-1, -1);
                    }

                    continue;
                }

                try
                {
                    var timestamp = best.MaxTimestamp;
                    var batchOffset = best.OffsetOfMaxTimestamp;
                    return best.TryFindBatch(batchOffset, best.Size, out var position, out var batch)
                        && FindRecord(best, position, batch, r => r.Timestamp == timestamp) is { } exact
                        ? exact
                        : (batchOffset, timestamp);
                }
                finally
                {
                    best.Release();
                }
            }
        }
    }

    /// <summary>The first record of the batch at <paramref name="position"/> that <paramref name="match"/> accepts; null when none does or the batch cannot be read.</summary>
    private static (long Offset, long Timestamp)? FindRecord(LogSegment segment, long position, in RecordBatchHeader header, Func<Record, bool> match)
    {
        var size = header.TotalSize;
        var buffer = segment.RentBatch(position, size);
        try
        {
            using var reader = new RecordBatchReader();
            if (reader.Open(buffer.AsMemory(0, size)) == RecordReadError.None)
            {
                while (reader.TryReadNext(out var record))
                {
                    if (match(record))
                    {
                        return (record.Offset, record.Timestamp);
                    }
                }
            }

            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
