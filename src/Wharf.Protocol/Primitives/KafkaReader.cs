using System.Buffers.Binary;
using System.Text;

namespace Wharf.Protocol.Primitives;

/// <summary>
/// Reads Kafka protocol primitives from one complete frame. Bad input never throws: the first problem puts the
/// reader into a failed state (with a reason), every later read returns a default value and consumes nothing,
/// and the caller checks <see cref="Failed"/> once the message is decoded. Lengths and counts are checked
/// against the bytes that remain before anything is allocated, so an absurd prefix costs nothing.
/// </summary>
public ref struct KafkaReader
{
    private readonly ReadOnlyMemory<byte> _memory;
    private readonly ReadOnlySpan<byte> _span;
    private int _position;

    public KafkaReader(ReadOnlyMemory<byte> memory)
    {
        _memory = memory;
        _span = memory.Span;
        _position = 0;
        FailureReason = null;
    }

    public readonly bool Failed => FailureReason is not null;

    /// <summary>Why decoding failed, in words fit for a log line; null while the input is good.</summary>
    public string? FailureReason { get; private set; }

    public readonly int Position => _position;

    public readonly int Remaining => _span.Length - _position;

    public readonly bool End => _position >= _span.Length;

    /// <summary>Capacity for a list about to receive <paramref name="count"/> decoded elements, capped so that a
    /// large (but already validated) count cannot make one allocation huge before the elements are read.</summary>
    public static int InitialCapacity(int count) => count <= 0 ? 0 : Math.Min(count, 256);

    public void Fail(string reason)
    {
        if (FailureReason is null)
        {
            FailureReason = reason + " (at byte " + _position + ")";
            _position = _span.Length;
        }
    }

    public sbyte ReadInt8() => TryTake(1, out var s) ? (sbyte)s[0] : default;

    public bool ReadBool() => TryTake(1, out var s) && s[0] != 0;

    public short ReadInt16() => TryTake(2, out var s) ? BinaryPrimitives.ReadInt16BigEndian(s) : default;

    public ushort ReadUInt16() => TryTake(2, out var s) ? BinaryPrimitives.ReadUInt16BigEndian(s) : default;

    public int ReadInt32() => TryTake(4, out var s) ? BinaryPrimitives.ReadInt32BigEndian(s) : default;

    public uint ReadUInt32() => TryTake(4, out var s) ? BinaryPrimitives.ReadUInt32BigEndian(s) : default;

    public long ReadInt64() => TryTake(8, out var s) ? BinaryPrimitives.ReadInt64BigEndian(s) : default;

    public double ReadFloat64() => TryTake(8, out var s) ? BinaryPrimitives.ReadDoubleBigEndian(s) : default;

    public KafkaUuid ReadUuid() => TryTake(16, out var s) ? KafkaUuid.Read(s) : default;

    /// <summary>An unsigned LEB128 varint of at most 5 bytes, as used by flexible versions (KIP-482).</summary>
    public int ReadUnsignedVarint()
    {
        if (!Varint.TryReadUnsigned(_span[_position..], out var value, out var length))
        {
            Fail("malformed unsigned varint");
            return 0;
        }

        _position += length;
        if (value > int.MaxValue)
        {
            Fail("unsigned varint " + value + " is out of range");
            return 0;
        }

        return (int)value;
    }

    /// <summary>A zigzag-encoded signed varint, as used inside record batches.</summary>
    public int ReadVarint()
    {
        if (!Varint.TryReadSigned32(_span[_position..], out var value, out var length))
        {
            Fail("malformed varint");
            return 0;
        }

        _position += length;
        return value;
    }

    /// <summary>A zigzag-encoded signed varlong, as used inside record batches.</summary>
    public long ReadVarlong()
    {
        if (!Varint.TryReadSigned64(_span[_position..], out var value, out var length))
        {
            Fail("malformed varlong");
            return 0;
        }

        _position += length;
        return value;
    }

    /// <summary>A string that may not be null in this version.</summary>
    public string ReadString(bool compact)
    {
        var value = ReadNullableString(compact, nullable: false);
        return value ?? string.Empty;
    }

    public string? ReadNullableString(bool compact, bool nullable)
    {
        var length = compact ? ReadUnsignedVarint() - 1 : ReadInt16();
        if (Failed)
        {
            return null;
        }

        if (length < 0)
        {
            if (length < -1 || !nullable)
            {
                Fail(length < -1 ? "negative string length " + length : "null in a non-nullable string");
            }

            return null;
        }

        if (!TryTake(length, out var bytes))
        {
            return null;
        }

        return length == 0 ? string.Empty : Encoding.UTF8.GetString(bytes);
    }

    public byte[] ReadBytes(bool compact) => ReadNullableBytes(compact, nullable: false) ?? [];

    public byte[]? ReadNullableBytes(bool compact, bool nullable)
    {
        var slice = ReadBytesSlice(compact, nullable);
        return slice is { } memory ? memory.ToArray() : null;
    }

    /// <summary>A record set: nullable bytes returned as a slice of the frame, so record batches are never copied here.</summary>
    public ReadOnlyMemory<byte>? ReadRecords(bool compact) => ReadBytesSlice(compact, nullable: true);

    private ReadOnlyMemory<byte>? ReadBytesSlice(bool compact, bool nullable)
    {
        var length = compact ? ReadUnsignedVarint() - 1 : ReadInt32();
        if (Failed)
        {
            return null;
        }

        if (length < 0)
        {
            if (length < -1 || !nullable)
            {
                Fail(length < -1 ? "negative bytes length " + length : "null in non-nullable bytes");
            }

            return null;
        }

        if (length > Remaining)
        {
            Fail("bytes length " + length + " exceeds the " + Remaining + " bytes left in the frame");
            return null;
        }

        var slice = _memory.Slice(_position, length);
        _position += length;
        return slice;
    }

    /// <summary>
    /// Reads an array count: -1 means null (allowed only when <paramref name="nullable"/>). Every element takes at
    /// least one byte, so a count larger than the bytes left is rejected before any element is allocated.
    /// </summary>
    public int ReadArrayLength(bool compact, bool nullable)
    {
        var count = compact ? ReadUnsignedVarint() - 1 : ReadInt32();
        if (Failed)
        {
            return 0;
        }

        if (count < 0)
        {
            if (count < -1 || !nullable)
            {
                Fail(count < -1 ? "negative array length " + count : "null in a non-nullable array");
                return 0;
            }

            return -1;
        }

        if (count > Remaining)
        {
            Fail("array length " + count + " exceeds the " + Remaining + " bytes left in the frame");
            return 0;
        }

        return count;
    }

    /// <summary>Reads a tagged field's size and returns the position where the field must end.</summary>
    public int BeginTaggedField()
    {
        var size = ReadUnsignedVarint();
        if (size > Remaining)
        {
            Fail("tagged field size " + size + " exceeds the " + Remaining + " bytes left in the frame");
            return _position;
        }

        return _position + size;
    }

    public void SkipTo(int end)
    {
        if (!Failed)
        {
            _position = end;
        }
    }

    /// <summary>Checks that a tagged field's payload used exactly the size its header announced.</summary>
    public void EndTaggedField(int end)
    {
        if (!Failed && _position != end)
        {
            Fail("tagged field payload did not match its declared size");
        }
    }

    public void Skip(int count)
    {
        if (count < 0 || count > Remaining)
        {
            Fail("cannot skip " + count + " bytes with " + Remaining + " left");
            return;
        }

        _position += count;
    }

    /// <summary>The unread rest of the frame, as a slice of the underlying memory.</summary>
    public readonly ReadOnlyMemory<byte> RemainingMemory => _memory[_position..];

    private bool TryTake(int count, out ReadOnlySpan<byte> bytes)
    {
        if (count > Remaining)
        {
            if (!Failed)
            {
                Fail("frame ended early: needed " + count + " bytes, " + Remaining + " left");
            }

            bytes = default;
            return false;
        }

        bytes = _span.Slice(_position, count);
        _position += count;
        return true;
    }
}
