using System.Buffers.Binary;
using Wharf.Protocol.Primitives;

namespace Wharf.Protocol.Compression;

/// <summary>
/// The raw snappy block format (google/snappy format_description.txt): the uncompressed length as an unsigned
/// LEB128 varint, then literal and copy elements. Every length and offset is checked against the input and the
/// announced output before use, so corrupt input is rejected, never read or written out of bounds.
/// </summary>
internal static class SnappyBlock
{
    /// <summary>Compression works on fragments of at most 64 KiB, so a copy offset always fits two bytes.</summary>
    private const int FragmentSize = 64 * 1024;

    /// <summary>A fragment shorter than this is emitted as literals; longer ones keep this margin at the end so
    /// that four-byte loads near the end stay inside the fragment (snappy's kInputMarginBytes).</summary>
    private const int InputMargin = 15;

    private const int MaxHashTableBits = 14;
    private const int MinHashTableBits = 8;

    private const byte TagLiteral = 0;
    private const byte TagCopy1 = 1;
    private const byte TagCopy2 = 2;
    private const byte TagCopy4 = 3;

    /// <summary>The largest block <see cref="Compress"/> can write for <paramref name="length"/> input bytes
    /// (snappy's MaxCompressedLength).</summary>
    public static int MaxCompressedLength(int length) => 32 + length + length / 6;

    /// <summary>Reads the uncompressed length at the head of a block; false when malformed or over int.MaxValue.</summary>
    public static bool TryReadUncompressedLength(ReadOnlySpan<byte> block, out int length, out int headerLength)
    {
        if (!Varint.TryReadUnsigned(block, out var value, out headerLength) || value > int.MaxValue)
        {
            length = 0;
            headerLength = 0;
            return false;
        }

        length = (int)value;
        return true;
    }

    /// <summary>
    /// Decodes the elements of a block (after its length header) into <paramref name="output"/>, which must be
    /// exactly the announced uncompressed length. False when the elements do not produce exactly that.
    /// </summary>
    public static bool TryDecompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var ip = 0;
        var op = 0;
        while (ip < input.Length)
        {
            var tag = input[ip++];
            long length;
            int offset;
            switch (tag & 3)
            {
                case TagLiteral:
                    length = tag >> 2;
                    if (length >= 60)
                    {
                        // 60..63: the length minus one follows in 1..4 little-endian bytes.
                        var extra = (int)length - 59;
                        if (extra > input.Length - ip)
                        {
                            return false;
                        }

                        length = 0;
                        for (var i = extra - 1; i >= 0; i--)
                        {
                            length = (length << 8) | input[ip + i];
                        }

                        ip += extra;
                    }

                    length++;
                    if (length > input.Length - ip || length > output.Length - op)
                    {
                        return false;
                    }

                    input.Slice(ip, (int)length).CopyTo(output[op..]);
                    ip += (int)length;
                    op += (int)length;
                    continue;
                case TagCopy1:
                    if (ip >= input.Length)
                    {
                        return false;
                    }

                    length = 4 + ((tag >> 2) & 7);
                    offset = ((tag >> 5) << 8) | input[ip++];
                    break;
                case TagCopy2:
                    if (2 > input.Length - ip)
                    {
                        return false;
                    }

                    length = (tag >> 2) + 1;
                    offset = BinaryPrimitives.ReadUInt16LittleEndian(input[ip..]);
                    ip += 2;
                    break;
                default:
                    if (4 > input.Length - ip)
                    {
                        return false;
                    }

                    length = (tag >> 2) + 1;
                    var wide = BinaryPrimitives.ReadUInt32LittleEndian(input[ip..]);
                    ip += 4;
                    if (wide > int.MaxValue)
                    {
                        return false;
                    }

                    offset = (int)wide;
                    break;
            }

            if (offset == 0 || offset > op || length > output.Length - op)
            {
                return false;
            }

            CopyMatch(output, op, offset, (int)length);
            op += (int)length;
        }

        return op == output.Length;
    }

    /// <summary>Compresses <paramref name="input"/> into one block; <paramref name="output"/> needs
    /// <see cref="MaxCompressedLength"/> bytes. Returns the block's length.</summary>
    public static int Compress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var op = Varint.WriteUnsigned(output, (uint)input.Length);
        Span<ushort> table = stackalloc ushort[1 << MaxHashTableBits];
        for (var start = 0; start < input.Length; start += FragmentSize)
        {
            var fragment = input.Slice(start, Math.Min(FragmentSize, input.Length - start));
            op += CompressFragment(fragment, output[op..], table);
        }

        return op;
    }

    /// <summary>
    /// Copies a match of <paramref name="length"/> bytes from <paramref name="offset"/> bytes back. An offset
    /// shorter than the length repeats the last bytes (run-length style), so the copy goes byte by byte forward.
    /// </summary>
    private static void CopyMatch(Span<byte> output, int op, int offset, int length)
    {
        var from = op - offset;
        if (offset >= length)
        {
            output.Slice(from, length).CopyTo(output[op..]);
            return;
        }

        for (var i = 0; i < length; i++)
        {
            output[op + i] = output[from + i];
        }
    }

    /// <summary>
    /// Greedy LZ77 over one fragment with a hash table of recent four-byte sequences, skipping ahead faster
    /// the longer no match is found (the approach of snappy's CompressFragment).
    /// </summary>
    private static int CompressFragment(ReadOnlySpan<byte> input, Span<byte> output, Span<ushort> table)
    {
        var op = 0;
        var nextEmit = 0;
        if (input.Length >= InputMargin)
        {
            var bits = Math.Clamp(32 - int.LeadingZeroCount(input.Length - 1), MinHashTableBits, MaxHashTableBits);
            var hashTable = table[..(1 << bits)];
            hashTable.Clear();
            var shift = 32 - bits;
            var ipLimit = input.Length - InputMargin;
            var ip = 1;
            var nextHash = Hash(Load(input, ip), shift);
            while (true)
            {
                var skip = 32;
                var nextIp = ip;
                int candidate;
                do
                {
                    ip = nextIp;
                    var hash = nextHash;
                    nextIp = ip + (skip++ >> 5);
                    if (nextIp > ipLimit)
                    {
                        goto EmitRemainder;
                    }

                    nextHash = Hash(Load(input, nextIp), shift);
                    candidate = hashTable[hash];
                    hashTable[hash] = (ushort)ip;
                }
                while (Load(input, ip) != Load(input, candidate));

                op += EmitLiteral(input[nextEmit..ip], output[op..]);
                do
                {
                    var matchStart = ip;
                    var matched = 4 + input[(candidate + 4)..].CommonPrefixLength(input[(ip + 4)..]);
                    ip += matched;
                    op += EmitCopy(matchStart - candidate, matched, output[op..]);
                    nextEmit = ip;
                    if (ip >= ipLimit)
                    {
                        goto EmitRemainder;
                    }

                    hashTable[Hash(Load(input, ip - 1), shift)] = (ushort)(ip - 1);
                    var hash = Hash(Load(input, ip), shift);
                    candidate = hashTable[hash];
                    hashTable[hash] = (ushort)ip;
                }
                while (Load(input, ip) == Load(input, candidate));

                nextHash = Hash(Load(input, ++ip), shift);
            }
        }

    EmitRemainder:
        if (nextEmit < input.Length)
        {
            op += EmitLiteral(input[nextEmit..], output[op..]);
        }

        return op;
    }

    private static uint Load(ReadOnlySpan<byte> input, int position) => BinaryPrimitives.ReadUInt32LittleEndian(input[position..]);

    private static int Hash(uint value, int shift) => (int)((value * 0x1E35A7BDu) >> shift);

    private static int EmitLiteral(ReadOnlySpan<byte> literal, Span<byte> output)
    {
        var op = 0;
        var n = (uint)literal.Length - 1;
        if (n < 60)
        {
            output[op++] = (byte)(n << 2 | TagLiteral);
        }
        else
        {
            var count = n < 1u << 8 ? 1 : n < 1u << 16 ? 2 : n < 1u << 24 ? 3 : 4;
            output[op++] = (byte)((59 + count) << 2 | TagLiteral);
            for (var i = 0; i < count; i++)
            {
                output[op++] = (byte)(n >> (8 * i));
            }
        }

        literal.CopyTo(output[op..]);
        return op + literal.Length;
    }

    /// <summary>Emits a match as copies of at most 64 bytes, keeping the last one at least 4 bytes long.</summary>
    private static int EmitCopy(int offset, int length, Span<byte> output)
    {
        var op = 0;
        while (length >= 68)
        {
            op += EmitCopyUpTo64(offset, 64, output[op..]);
            length -= 64;
        }

        if (length > 64)
        {
            op += EmitCopyUpTo64(offset, 60, output[op..]);
            length -= 60;
        }

        return op + EmitCopyUpTo64(offset, length, output[op..]);
    }

    private static int EmitCopyUpTo64(int offset, int length, Span<byte> output)
    {
        if (length < 12 && offset < 2048)
        {
            output[0] = (byte)(((offset >> 8) << 5) | ((length - 4) << 2) | TagCopy1);
            output[1] = (byte)offset;
            return 2;
        }

        output[0] = (byte)(((length - 1) << 2) | TagCopy2);
        BinaryPrimitives.WriteUInt16LittleEndian(output[1..], (ushort)offset);
        return 3;
    }
}
