using System.Buffers;

namespace Wharf.Broker.Network;

/// <summary>
/// Gathers one request frame from a connection's input pipe as its bytes arrive, into a pooled buffer, so the
/// pipe never holds a whole frame. The buffer starts at no more than <see cref="InitialCapacity"/> bytes and
/// doubles as the bytes come in: a size prefix alone (anything up to socket.request.max.bytes) commits no more
/// memory than twice the bytes actually received. Not thread-safe: one per connection reader.
/// </summary>
internal sealed class FrameAssembler
{
    /// <summary>Room rented when a frame starts: a default-sized produce request (librdkafka's message.max.bytes, 1 MB) fits.</summary>
    public const int InitialCapacity = 1024 * 1024;

    private byte[]? _buffer;
    private int _size;
    private int _filled;

    /// <summary>A frame has begun and still lacks bytes.</summary>
    public bool InProgress => _buffer is not null;

    /// <summary>The announced size of the frame in progress (after its 4-byte prefix).</summary>
    public int Size => _size;

    /// <summary>Starts a frame of <paramref name="size"/> bytes, already checked against the limit.</summary>
    public void Begin(int size)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(size, InitialCapacity));
        _size = size;
        _filled = 0;
    }

    /// <summary>Copies what the frame still lacks from the start of <paramref name="input"/> and slices it off; true when the frame is whole.</summary>
    public bool Append(ref ReadOnlySequence<byte> input)
    {
        var take = (int)Math.Min(input.Length, _size - _filled);
        if (_filled + take > _buffer!.Length)
        {
            Grow(Math.Min(_size, Math.Max(_filled + take, _buffer.Length * 2)));
        }

        input.Slice(0, take).CopyTo(_buffer.AsSpan(_filled));
        input = input.Slice(take);
        _filled += take;
        return _filled == _size;
    }

    /// <summary>Hands the whole frame's buffer (pooled; the caller returns it) over and gets ready for the next frame.</summary>
    public byte[] Take()
    {
        var frame = _buffer!;
        _buffer = null;
        return frame;
    }

    /// <summary>Returns the buffer of an unfinished frame (the connection is closing).</summary>
    public void Abandon()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }

    private void Grow(int capacity)
    {
        var larger = ArrayPool<byte>.Shared.Rent(capacity);
        _buffer.AsSpan(0, _filled).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer!);
        _buffer = larger;
    }
}
