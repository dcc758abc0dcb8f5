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
}
