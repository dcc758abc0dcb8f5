using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Wharf.Protocol.Primitives;

/// <summary>
/// Writes Kafka protocol primitives into an <see cref="IBufferWriter{T}"/> (a PipeWriter on the network path),
/// asking for buffer space in chunks rather than one block for the whole message, so a large response never
/// needs one large contiguous allocation. Call <see cref="Commit"/> when done: bytes are handed to the
/// underlying writer only then (and whenever a new chunk is needed). Record sets of at least
/// <see cref="MinReferencedPayload"/> bytes are handed to an <see cref="IPayloadBufferWriter"/> output by reference.
/// </summary>
public ref struct KafkaWriter
{
    /// <summary>Record sets from this size on go to an <see cref="IPayloadBufferWriter"/> by reference; smaller ones are cheaper to copy.</summary>
    public const int MinReferencedPayload = 8 * 1024;

    private const int ChunkHint = 4096;
    private readonly IBufferWriter<byte> _output;
    private readonly IPayloadBufferWriter? _payloads;
    private Span<byte> _span;
    private int _buffered;
    private long _committed;

    public KafkaWriter(IBufferWriter<byte> output)
    {
        _output = output;
        _payloads = output as IPayloadBufferWriter;
        _span = default;
        _buffered = 0;
        _committed = 0;
    }

    /// <summary>Bytes written so far, committed or not.</summary>
    public readonly long BytesWritten => _committed + _buffered;

    public void Commit()
    {
        if (_buffered > 0)
        {
            _output.Advance(_buffered);
            _committed += _buffered;
            _buffered = 0;
            _span = default;
        }
    }

    public void WriteInt8(sbyte value) => Reserve(1)[0] = (byte)value;

    public void WriteBool(bool value) => Reserve(1)[0] = value ? (byte)1 : (byte)0;

    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16BigEndian(Reserve(2), value);

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Reserve(2), value);

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32BigEndian(Reserve(4), value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Reserve(4), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64BigEndian(Reserve(8), value);

    public void WriteFloat64(double value) => BinaryPrimitives.WriteDoubleBigEndian(Reserve(8), value);

    public void WriteUuid(KafkaUuid value) => value.Write(Reserve(16));

    public void WriteUnsignedVarint(int value) => WriteUnsignedVarint((uint)value);

    public void WriteUnsignedVarint(uint value)
    {
        var span = Reserve(Varint.MaxLength32, exact: false);
        Advance(Varint.WriteUnsigned(span, value));
    }

    public void WriteVarint(int value)
    {
        var span = Reserve(Varint.MaxLength32, exact: false);
        Advance(Varint.WriteSigned32(span, value));
    }

    public void WriteVarlong(long value)
    {
        var span = Reserve(Varint.MaxLength64, exact: false);
        Advance(Varint.WriteSigned64(span, value));
    }

    /// <summary>Writes a string; null is written as the protocol's null marker.</summary>
    public void WriteString(string? value, bool compact)
    {
        if (value is null)
        {
            if (compact)
            {
                WriteUnsignedVarint(0);
            }
            else
            {
                WriteInt16(-1);
            }

            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        if (compact)
        {
            WriteUnsignedVarint((uint)length + 1);
        }
        else
        {
            WriteInt16(checked((short)length));
        }

        if (length <= ChunkHint)
        {
            Encoding.UTF8.GetBytes(value, Reserve(length));
        }
        else
        {
            WriteRaw(Encoding.UTF8.GetBytes(value));
        }
    }

    public void WriteBytes(byte[]? value, bool compact)
    {
        if (value is null)
        {
            WriteNullLength(compact);
            return;
        }

        WriteLength(value.Length, compact);
        WriteRaw(value);
    }

    public void WriteRecords(ReadOnlyMemory<byte>? value, bool compact)
    {
        if (value is not { } records)
        {
            WriteNullLength(compact);
            return;
        }

        WriteLength(records.Length, compact);
        if (_payloads is not null && records.Length >= MinReferencedPayload)
        {
            Commit();
            _payloads.WritePayload(records);
            _committed += records.Length;
        }
        else
        {
            WriteRaw(records.Span);
        }
    }

    /// <summary>Writes an array count; -1 writes the null marker.</summary>
    public void WriteArrayLength(int count, bool compact)
    {
        if (count < 0)
        {
            WriteNullLength(compact);
        }
        else
        {
            WriteLength(count, compact);
        }
    }

    /// <summary>Copies bytes as they are, in as many chunks as the output hands out.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            if (_span.Length - _buffered == 0)
            {
                Grow(1);
            }

            var room = _span.Length - _buffered;
            var n = Math.Min(room, bytes.Length);
            bytes[..n].CopyTo(_span[_buffered..]);
            _buffered += n;
            bytes = bytes[n..];
        }
    }

    public static int SizeOfUnsignedVarint(int value) => Varint.SizeOfUnsigned((uint)value);

    public static int SizeOfString(string? value, bool compact)
    {
        if (value is null)
        {
            return compact ? 1 : 2;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        return (compact ? Varint.SizeOfUnsigned((uint)length + 1) : 2) + length;
    }

    public static int SizeOfBytes(byte[]? value, bool compact) => SizeOfLengthPrefixed(value?.Length ?? -1, compact);

    public static int SizeOfRecords(ReadOnlyMemory<byte>? value, bool compact) => SizeOfLengthPrefixed(value?.Length ?? -1, compact);

    public static int SizeOfArrayLength(int count, bool compact) =>
        compact ? Varint.SizeOfUnsigned((uint)(count + 1)) : 4;

    private static int SizeOfLengthPrefixed(int length, bool compact)
    {
        if (length < 0)
        {
            return compact ? 1 : 4;
        }

        return (compact ? Varint.SizeOfUnsigned((uint)length + 1) : 4) + length;
    }

    private void WriteNullLength(bool compact)
    {
        if (compact)
        {
            WriteUnsignedVarint(0);
        }
        else
        {
            WriteInt32(-1);
        }
    }

    private void WriteLength(int length, bool compact)
    {
        if (compact)
        {
            WriteUnsignedVarint((uint)length + 1);
        }
        else
        {
            WriteInt32(length);
        }
    }

    /// <summary>Returns a span of exactly <paramref name="count"/> bytes and counts them as written.</summary>
    private Span<byte> Reserve(int count, bool exact = true)
    {
        if (_span.Length - _buffered < count)
        {
            Grow(count);
        }

        var span = _span.Slice(_buffered, count);
        if (exact)
        {
            _buffered += count;
        }

        return span;
    }

    private void Advance(int count) => _buffered += count;

    private void Grow(int minimum)
    {
        Commit();
        _span = _output.GetSpan(Math.Max(minimum, ChunkHint));
    }
}
