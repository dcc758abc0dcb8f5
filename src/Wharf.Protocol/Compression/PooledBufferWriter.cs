using System.Buffers;

namespace Wharf.Protocol.Compression;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over one array rented from <see cref="ArrayPool{T}.Shared"/>, grown by doubling
/// (the written bytes are copied into the larger rented array and the old one is returned). The written bytes
/// are one contiguous block, <see cref="WrittenMemory"/>. Not thread-safe. Dispose (or <see cref="Reset"/>)
/// returns the array to the pool; memory handed out before that must not be used afterwards.
/// </summary>
public sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private const int MinimumCapacity = 256;
    private byte[] _buffer = [];
    private int _written;

    public PooledBufferWriter()
    {
    }

    /// <summary>Rents room for <paramref name="initialCapacity"/> bytes up front.</summary>
    public PooledBufferWriter(int initialCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacity);
        if (initialCapacity > 0)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
        }
    }

    public int WrittenCount => _written;

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > _buffer.Length - _written)
        {
            throw new InvalidOperationException("Cannot advance past the end of the buffer.");
        }

        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Keeps the first <paramref name="length"/> bytes written and forgets the rest (the array is kept).</summary>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, _written);
        _written = length;
    }

    /// <summary>Forgets the written bytes and returns the array to the pool; the writer stays usable.</summary>
    public void Reset()
    {
        var buffer = _buffer;
        _buffer = [];
        _written = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => Reset();

    private void EnsureFree(int sizeHint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        var needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= needed)
        {
            return;
        }

        var required = (long)_written + needed;
        if (required > Array.MaxLength)
        {
            // Callers bound what they write (decompression takes a maximum size), so this is a bug.
            throw new InvalidOperationException("A pooled buffer cannot grow beyond " + Array.MaxLength + " bytes.");
        }

        var capacity = (int)Math.Min(Array.MaxLength, Math.Max(Math.Max(required, 2L * _buffer.Length), MinimumCapacity));
        var larger = ArrayPool<byte>.Shared.Rent(capacity);
        _buffer.AsSpan(0, _written).CopyTo(larger);
        var old = _buffer;
        _buffer = larger;
        if (old.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(old);
        }
    }
}
