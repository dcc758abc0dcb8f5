using System.Buffers;
using Wharf.Protocol.Records;
using Wharf.Storage.Segments;

namespace Wharf.Storage.Cleaner;

/// <summary>What one compacted segment holds compared to the segments it replaces.</summary>
internal readonly record struct CompactionCount(long BytesBefore, long BytesAfter, long RecordsBefore, long RecordsKept);

/// <summary>
/// One compaction pass over the cleanable segments of a partition (Kafka's LogCleaner, section 6.1): map every
/// key of the dirty part to its latest offset, then copy each group of segments keeping, per key, only the latest
/// record. Records below the log start offset go too. Tombstones (null values) are kept for delete.retention.ms
/// after the pass that first cleans them: that pass writes their batch with a delete horizon (KIP-534, attributes
/// bit 6) and a later pass past the horizon drops them. Offsets never change.
/// <para>
/// A batch that loses nothing is copied byte for byte (compression, producer id and all). A batch that loses
/// records is rebuilt with the same base offset, codec, timestamp type and leader epoch, but without its
/// producer id: its sequence range no longer matches its records, and producer state lives in snapshots. Records
/// without a key (written before the topic became compacted) and batches that cannot be read are kept as they are.
/// </para>
/// </summary>
internal sealed class LogCompactor(TopicConfig config, long nowMs, long logStartOffset) : IDisposable
{
    private readonly OffsetMap _map = new();
    private readonly RecordBatchReader _reader = new();
    private readonly RecordBatchBuilder _builder = new();
    private readonly ArrayBufferWriter<byte> _output = new();

    /// <summary>
    /// Maps the keys of the dirty part, from <paramref name="firstDirty"/> to <paramref name="end"/>. Returns where
    /// the mapped range ends: <paramref name="end"/>, or the end of an earlier segment when the map filled up.
    /// </summary>
    public long BuildOffsetMap(IReadOnlyList<LogSegment> segments, long firstDirty, long end)
    {
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            if (segment.NextOffset <= firstDirty)
            {
                continue;
            }

            if (_map.IsFull)
            {
                return segment.BaseOffset;
            }

            ForEachBatch(segment, (header, batch) =>
            {
                if (header.IsControl || header.LastOffset < firstDirty || _reader.Open(batch) != RecordReadError.None)
                {
                    return;
                }

                while (_reader.TryReadNext(out var record))
                {
                    if (record.HasKey && record.Offset >= firstDirty)
                    {
                        _map.Put(record.Key.Span, record.Offset);
                    }
                }
            });
        }

        return end;
    }

    /// <summary>Writes the compacted copy of <paramref name="group"/> as a sealed segment in <paramref name="directory"/>.</summary>
    public CompactionCount WriteCompacted(IReadOnlyList<LogSegment> group, string directory)
    {
        long bytesBefore = 0, recordsBefore = 0, recordsKept = 0;
        var output = LogSegment.Create(directory, group[0].BaseOffset, config.SegmentIndexBytes, nowMs);
        try
        {
            foreach (var segment in group)
            {
                bytesBefore += segment.Size;
                ForEachBatch(segment, (header, batch) =>
                {
                    recordsBefore += header.RecordCount;
                    recordsKept += CopyBatch(header, batch, output);
                });
            }

            output.Seal();
            return new CompactionCount(bytesBefore, output.Size, recordsBefore, recordsKept);
        }
        finally
        {
            output.Retire(deleteFiles: false);
        }
    }

    /// <summary>Copies what <paramref name="batch"/> keeps into <paramref name="output"/>; returns how many records that is.</summary>
    private int CopyBatch(in RecordBatchHeader header, ReadOnlyMemory<byte> batch, LogSegment output)
    {
        if (header.LastOffset < logStartOffset)
        {
            return 0;
        }

        // First pass: what would go. Unreadable batches and control batches are kept whole.
        var horizonPassed = header.HasDeleteHorizon && nowMs >= header.BaseTimestamp;
        int kept = 0, dropped = 0;
        var keepsTombstones = false;
        if (!header.IsControl && _reader.Open(batch) == RecordReadError.None)
        {
            while (_reader.TryReadNext(out var record))
            {
                if (Keeps(record, horizonPassed))
                {
                    kept++;
                    keepsTombstones |= !record.HasValue;
                }
                else
                {
                    dropped++;
                }
            }
        }

        var unchanged = header.IsControl
            || _reader.Error != RecordReadError.None
            || (dropped == 0 && (!keepsTombstones || header.HasDeleteHorizon));
        if (unchanged)
        {
            output.Append(batch.Span, header, config.IndexIntervalBytes);
            return header.RecordCount;
        }

        if (kept == 0)
        {
            return 0;
        }

        // Second pass: rebuild with the kept records. The first pass to clean a tombstone starts its
        // delete.retention.ms (the delete horizon); later passes keep the horizon already written.
        _builder.Reset(new RecordBatchOptions
        {
            BaseOffset = header.BaseOffset,
            PartitionLeaderEpoch = header.PartitionLeaderEpoch,
            Compression = header.Compression,
            LogAppendTime = header.TimestampType == TimestampType.LogAppendTime ? header.MaxTimestamp : null,
            DeleteHorizon = !keepsTombstones ? null : header.HasDeleteHorizon ? header.BaseTimestamp : nowMs + config.DeleteRetentionMs,
        });
        _reader.Open(batch);
        while (_reader.TryReadNext(out var record))
        {
            if (Keeps(record, horizonPassed))
            {
                _builder.Append(record);
            }
        }

        _output.ResetWrittenCount();
        _builder.WriteTo(_output);
        var written = _output.WrittenSpan;
        output.Append(written, new RecordBatchHeader(written), config.IndexIntervalBytes);
        return _builder.Count;
    }

    /// <summary>
    /// A record stays when it is at or above the log start, is the latest for its key in the mapped range (or has no
    /// key), and is not a tombstone whose delete horizon has passed.
    /// </summary>
    private bool Keeps(in Record record, bool horizonPassed) =>
        record.Offset >= logStartOffset
        && (!record.HasKey || _map.IsLatest(record.Key.Span, record.Offset))
        && (record.HasValue || !horizonPassed);

    /// <summary>Visits every batch of a segment with its bytes (in a pooled buffer valid during the call), streaming.</summary>
    private static void ForEachBatch(LogSegment segment, Action<RecordBatchHeader, ReadOnlyMemory<byte>> visit) =>
        segment.ForEachBatch(segment.BaseOffset, (position, header) =>
        {
            var size = header.TotalSize;
            var buffer = segment.RentBatch(position, size);
            try
            {
                visit(header, buffer.AsMemory(0, size));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        });

    public void Dispose()
    {
        _reader.Dispose();
        _builder.Dispose();
    }
}
