using System.Text;
using Wharf.Protocol;
using Wharf.Protocol.Records;

namespace Wharf.Storage.Tests.Support;

/// <summary>Shorthands for tests: append a fresh batch and expect success, read everything.</summary>
public static class PartitionLogExtensions
{
    public static AppendResult AppendOk(this PartitionLog log, byte[] batch)
    {
        var result = log.Append(batch, leaderEpoch: 0, AppendOrigin.Client);
        Assert.True(result.Succeeded, $"{result.Error}: {result.ErrorMessage}");
        return result;
    }

    /// <summary>Every batch from <paramref name="from"/> to the end, one read after the other.</summary>
    public static List<RecordBatchHeader> ReadAll(this PartitionLog log, long from = -1)
    {
        var offset = from < 0 ? log.LogStartOffset : from;
        var headers = new List<RecordBatchHeader>();
        while (offset < log.HighWatermark)
        {
            using var result = log.Read(offset, 1024 * 1024, minOneBatch: true, log.HighWatermark);
            Assert.Equal(ErrorCode.None, result.Error);
            var batches = TestBatch.Headers(result.Records.Span);
            Assert.NotEmpty(batches);
            headers.AddRange(batches);
            offset = batches[^1].NextOffset;
        }

        return headers;
    }

    /// <summary>Every record from the log start to the end, decompressed: offset, key and value as text (null stays null).</summary>
    public static List<(long Offset, string? Key, string? Value)> ReadRecords(this PartitionLog log)
    {
        var records = new List<(long, string?, string?)>();
        var offset = log.LogStartOffset;
        using var reader = new RecordBatchReader();
        while (offset < log.HighWatermark)
        {
            using var result = log.Read(offset, 1024 * 1024, minOneBatch: true, log.HighWatermark);
            Assert.Equal(ErrorCode.None, result.Error);
            var data = result.Records;
            Assert.False(data.IsEmpty);
            while (!data.IsEmpty)
            {
                var size = RecordBatchHeader.PeekTotalSize(data.Span);
                Assert.Equal(BatchValidationError.None, RecordBatch.Validate(data.Span[..size]));
                Assert.Equal(RecordReadError.None, reader.Open(data[..size]));
                while (reader.TryReadNext(out var record))
                {
                    if (record.Offset >= offset)
                    {
                        records.Add((record.Offset, record.HasKey ? Encoding.UTF8.GetString(record.Key.Span) : null, record.HasValue ? Encoding.UTF8.GetString(record.Value.Span) : null));
                    }
                }

                Assert.Equal(RecordReadError.None, reader.Error);
                offset = reader.Header.NextOffset;
                data = data[size..];
            }
        }

        return records;
    }
}
