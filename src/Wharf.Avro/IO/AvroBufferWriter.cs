using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Wharf.Avro.IO;

/// <summary>
/// A growable output buffer rented from <see cref="ArrayPool{T}"/>, with the Avro binary primitives. It can cut back
/// to an earlier position (to undo a union branch that did not fit) and insert a varint before already written
/// bytes (an array's item count, known only after its items). Rent with <see cref="Rent"/>, give back with
/// <see cref="Dispose"/>; one instance per thread is kept for reuse.
/// </summary>
internal sealed class AvroBufferWriter : IDisposable
{
    private const int InitialSize = 512;

    [ThreadStatic]
    private static AvroBufferWriter? s_cached;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
    private int _length;

    private AvroBufferWriter()
    {
    }

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public static AvroBufferWriter Rent()
    {
        var writer = s_cached ?? new AvroBufferWriter();
        s_cached = null;
        writer._length = 0;
        return writer;
    }

    public void Dispose()
    {
        if (_buffer.Length > 1 << 20)
        {
            // Do not pin a very large buffer to the thread.
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
        }
        s_cached = this;
    }

    public void Truncate(int length) => _length = length;

    public void WriteBoolean(bool value) => GetSpan(1)[0] = value ? (byte)1 : (byte)0;

    public void WriteInt(int value) => WriteLong(value);

    public void WriteLong(long value)
    {
        var span = GetSpan(10);
        _length += EncodeVarLong(value, span) - 10;
    }

    public void WriteFloat(float value) => BinaryPrimitives.WriteSingleLittleEndian(GetSpan(4), value);

    public void WriteDouble(double value) => BinaryPrimitives.WriteDoubleLittleEndian(GetSpan(8), value);

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteLong(value.Length);
        value.CopyTo(GetSpan(value.Length));
    }

    public void WriteFixed(ReadOnlySpan<byte> value) => value.CopyTo(GetSpan(value.Length));

    public void WriteString(string value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        WriteLong(byteCount);
        Encoding.UTF8.GetBytes(value, GetSpan(byteCount));
    }

    /// <summary>Reserves <paramref name="length"/> bytes at the end and returns them to be filled.</summary>
    public Span<byte> GetSpan(int length)
    {
        if (_buffer.Length - _length < length)
        {
            Grow(length);
        }
        var span = _buffer.AsSpan(_length, length);
        _length += length;
        return span;
    }

    /// <summary>Inserts a varint at <paramref name="position"/>, moving the bytes after it.</summary>
    public void InsertLong(int position, long value)
    {
        Span<byte> encoded = stackalloc byte[10];
        var size = EncodeVarLong(value, encoded);
        var moved = _length - position;
        GetSpan(size);
        _buffer.AsSpan(position, moved).CopyTo(_buffer.AsSpan(position + size));
        encoded[..size].CopyTo(_buffer.AsSpan(position));
    }

    public byte[] ToArray() => WrittenSpan.ToArray();

    public void CopyTo(IBufferWriter<byte> output)
    {
        WrittenSpan.CopyTo(output.GetSpan(_length));
        output.Advance(_length);
    }

    private static int EncodeVarLong(long value, Span<byte> destination)
    {
        var zigzag = (ulong)((value << 1) ^ (value >> 63));
        var i = 0;
        while (zigzag >= 0x80)
        {
            destination[i++] = (byte)(zigzag | 0x80);
            zigzag >>= 7;
        }
        destination[i++] = (byte)zigzag;
        return i;
    }

    private void Grow(int needed)
    {
        var size = Math.Max(_buffer.Length * 2, _length + needed);
        if ((uint)size > Array.MaxLength)
        {
            size = Math.Max(_length + needed, Array.MaxLength);
        }
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
