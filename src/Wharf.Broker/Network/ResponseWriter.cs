using System.Buffers;
using System.IO.Pipelines;
using Wharf.Protocol.Primitives;

namespace Wharf.Broker.Network;

/// <summary>
/// Stages responses for a connection's output pipe. Encoded fields go straight into the pipe until the first
/// record set, which <see cref="KafkaWriter"/> hands over by reference (<see cref="IPayloadBufferWriter"/>);
/// from there the remaining fields wait in a pooled array. <see cref="FinishAsync"/> then writes the record sets
/// in <see cref="PieceBytes"/> pieces, flushing between them, so the pipe never holds a whole multi-megabyte fetch
/// response (its 4 KiB blocks come from the shared array pool, which keeps only a few dozen per core) and the
/// records are copied once, from the fetched buffer into the pipe. One per connection writer; not thread-safe.
/// </summary>
internal sealed class ResponseWriter(PipeWriter output) : IPayloadBufferWriter, IDisposable
{
    /// <summary>
    /// Bytes of a record set written between two flushes. Each piece is one pipe segment (an array of this size from
    /// the shared pool, which keeps plenty of them), and the pipe lets a few be in flight before the writer waits
    /// (<see cref="KafkaServerOptions.OutputBufferBytes"/>), so the socket streams while the next one is copied.
    /// </summary>
    public const int PieceBytes = 256 * 1024;

    /// <summary>A tail buffer grown past this is given back after the response instead of kept for the next.</summary>
    private const int RetainedTailBytes = 64 * 1024;

    private readonly List<Payload> _payloads = [];
    private byte[] _tail = [];
    private int _tailLength;

    public void Advance(int count)
    {
        if (_payloads.Count == 0)
        {
            output.Advance(count);
        }
        else
        {
            _tailLength += count;
        }
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        if (_payloads.Count == 0)
        {
            return output.GetMemory(sizeHint);
        }

        EnsureTail(sizeHint);
        return _tail.AsMemory(_tailLength);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        if (_payloads.Count == 0)
        {
            return output.GetSpan(sizeHint);
        }

        EnsureTail(sizeHint);
        return _tail.AsSpan(_tailLength);
    }

    public void WritePayload(ReadOnlyMemory<byte> payload) => _payloads.Add(new Payload(_tailLength, payload));

    /// <summary>
    /// Writes what the last response left staged (its record sets and the fields after them), flushing between
    /// pieces; false when the connection stopped taking bytes. Completes at once when nothing was staged.
    /// </summary>
    public ValueTask<bool> FinishAsync() => _payloads.Count == 0 ? ValueTask.FromResult(true) : WriteStagedAsync();

    private async ValueTask<bool> WriteStagedAsync()
    {
        try
        {
            var tailWritten = 0;
            foreach (var (tailOffset, payload) in _payloads)
            {
                output.Write(_tail.AsSpan(tailWritten, tailOffset - tailWritten));
                tailWritten = tailOffset;
                for (var offset = 0; offset < payload.Length; offset += PieceBytes)
                {
                    var piece = payload.Span.Slice(offset, Math.Min(PieceBytes, payload.Length - offset));
                    piece.CopyTo(output.GetSpan(piece.Length));
                    output.Advance(piece.Length);
                    var flush = await output.FlushAsync();
                    if (flush.IsCompleted || flush.IsCanceled)
                    {
                        return false;
                    }
                }
            }

            output.Write(_tail.AsSpan(tailWritten, _tailLength - tailWritten));
            return true;
        }
        finally
        {
            _payloads.Clear();
            _tailLength = 0;
            if (_tail.Length > RetainedTailBytes)
            {
                Dispose();
            }
        }
    }

    /// <summary>Gives the tail buffer back to the pool (the connection is done).</summary>
    public void Dispose()
    {
        if (_tail.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_tail);
            _tail = [];
        }
    }

    private void EnsureTail(int sizeHint)
    {
        var needed = _tailLength + Math.Max(sizeHint, 1);
        if (needed <= _tail.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(4096, _tail.Length * 2)));
        _tail.AsSpan(0, _tailLength).CopyTo(larger);
        if (_tail.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_tail);
        }

        _tail = larger;
    }

    private readonly record struct Payload(int TailOffset, ReadOnlyMemory<byte> Bytes);
}
