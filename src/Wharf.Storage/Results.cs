using System.Buffers;
using Wharf.Protocol;

namespace Wharf.Storage;

/// <summary>Who is appending: a producer (fully validated) or the broker itself (group coordinator, for instance).</summary>
public enum AppendOrigin
{
    /// <summary>A Produce request: every Kafka check applies, including idempotent sequence checks.</summary>
    Client,

    /// <summary>The broker's own writes: control batches allowed, no sequence checks, base offset not required to be 0.</summary>
    Internal,
}

/// <summary>
/// The answer to an append, in Produce response terms. On error the offsets are -1 and nothing was written.
/// A duplicate idempotent batch is answered with its original offsets and no error.
/// </summary>
public readonly record struct AppendResult(ErrorCode Error, string? ErrorMessage, long BaseOffset, long LastOffset, long LogAppendTime, long LogStartOffset)
{
    public bool Succeeded => Error == ErrorCode.None;

    internal static AppendResult Fail(ErrorCode error, string message) => new(error, message, -1, -1, -1, -1);
}

/// <summary>The answer to a topic administration call: an error code and Kafka's message, or success.</summary>
public sealed record TopicOperationResult(ErrorCode Error, string? ErrorMessage)
{
    public static TopicOperationResult Ok { get; } = new(ErrorCode.None, null);

    public bool Succeeded => Error == ErrorCode.None;

    /// <summary>The resulting configuration (for CreateTopics' answer, also when only validating).</summary>
    public TopicConfig? Config { get; init; }
}

/// <summary>
/// The answer to a read: whole record batches exactly as stored, in a pooled buffer that <see cref="Dispose"/>
/// returns (use <see cref="Records"/> only before that), and the partition's offsets at the time of the read.
/// </summary>
public sealed class LogReadResult : IDisposable
{
    private byte[]? _buffer;

    internal LogReadResult(ErrorCode error, byte[]? buffer, int length, long highWatermark, long logStartOffset)
    {
        Error = error;
        _buffer = buffer;
        Records = buffer is null ? ReadOnlyMemory<byte>.Empty : buffer.AsMemory(0, length);
        HighWatermark = highWatermark;
        LastStableOffset = highWatermark;
        LogStartOffset = logStartOffset;
    }

    public ErrorCode Error { get; }

    /// <summary>Whole batches, possibly none; never null (librdkafka rejects a null record set).</summary>
    public ReadOnlyMemory<byte> Records { get; private set; }

    public long HighWatermark { get; }

    /// <summary>Equal to the high watermark: this broker has no transactions.</summary>
    public long LastStableOffset { get; }

    public long LogStartOffset { get; }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        Records = ReadOnlyMemory<byte>.Empty;
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
