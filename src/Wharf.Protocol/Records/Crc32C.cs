using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Wharf.Protocol.Records;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of record batch v2 (KIP-98). <see cref="BitOperations.Crc32C(uint, ulong)"/>
/// uses the SSE4.2 / ARMv8 CRC instruction where the CPU has one and a table otherwise.
/// <para>
/// Every produced batch is checked once, so this sits on the produce path. The instruction takes three cycles
/// but can start every cycle, so one dependent chain leaves two thirds of it idle: inputs of at least
/// <see cref="Round"/> bytes are cut into rounds of three <see cref="Lane"/>-byte lanes whose CRCs run side by
/// side and are then combined. The combination rests on linearity: the register after A then B is the register
/// after A advanced over |B| zero bytes, XOR the register of B started from zero; advancing over
/// <see cref="Lane"/> zero bytes is a linear map of 32 bits, applied here through four 256-entry tables.
/// </para>
/// </summary>
public static class Crc32C
{
    /// <summary>Bytes of one lane of a round.</summary>
    private const int Lane = 4096;

    /// <summary>Bytes of one round of three lanes: shorter inputs take the single chain.</summary>
    private const int Round = 3 * Lane;

    /// <summary>The register advanced over <see cref="Lane"/> zero bytes, one table per byte of the register.</summary>
    private static readonly uint[] ShiftTables = BuildShiftTables();

    public static uint Compute(ReadOnlySpan<byte> data) => ~Append(~0u, data);

    /// <summary>Continues a running (non-finalized) CRC over more bytes.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        ref var start = ref MemoryMarshal.GetReference(data);
        nuint position = 0;
        var length = (nuint)data.Length;
        for (; length - position >= Round; position += Round)
        {
            crc = AppendRound(crc, ref Unsafe.Add(ref start, position));
        }

        for (; length - position >= 8; position += 8)
        {
            crc = BitOperations.Crc32C(crc, ReadUInt64(ref Unsafe.Add(ref start, position)));
        }

        for (; position < length; position++)
        {
            crc = BitOperations.Crc32C(crc, Unsafe.Add(ref start, position));
        }

        return crc;
    }

    /// <summary>Three lanes of <see cref="Lane"/> bytes at <paramref name="round"/>, their chains interleaved, then combined.</summary>
    private static uint AppendRound(uint crc, ref byte round)
    {
        uint first = crc, second = 0, third = 0;
        for (nuint offset = 0; offset < Lane; offset += 8)
        {
            first = BitOperations.Crc32C(first, ReadUInt64(ref Unsafe.Add(ref round, offset)));
            second = BitOperations.Crc32C(second, ReadUInt64(ref Unsafe.Add(ref round, offset + Lane)));
            third = BitOperations.Crc32C(third, ReadUInt64(ref Unsafe.Add(ref round, offset + (2 * Lane))));
        }

        return ShiftOverLane(ShiftOverLane(first) ^ second) ^ third;
    }

    /// <summary>The register <paramref name="crc"/> advanced over <see cref="Lane"/> zero bytes.</summary>
    private static uint ShiftOverLane(uint crc)
    {
        var tables = ShiftTables;
        return tables[crc & 0xFF]
            ^ tables[256 + ((crc >> 8) & 0xFF)]
            ^ tables[512 + ((crc >> 16) & 0xFF)]
            ^ tables[768 + (crc >> 24)];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadUInt64(ref byte source)
    {
        var value = Unsafe.ReadUnaligned<ulong>(ref source);
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }

    private static uint[] BuildShiftTables()
    {
        // The shift is linear: advance each of the 32 one-bit registers, then XOR the images of a byte's bits.
        var basis = new uint[32];
        for (var bit = 0; bit < 32; bit++)
        {
            var register = 1u << bit;
            for (var i = 0; i < Lane / 8; i++)
            {
                register = BitOperations.Crc32C(register, 0UL);
            }

            basis[bit] = register;
        }

        var tables = new uint[4 * 256];
        for (var position = 0; position < 4; position++)
        {
            for (var value = 1; value < 256; value++)
            {
                uint image = 0;
                for (var bit = 0; bit < 8; bit++)
                {
                    if ((value & (1 << bit)) != 0)
                    {
                        image ^= basis[(8 * position) + bit];
                    }
                }

                tables[(256 * position) + value] = image;
            }
        }

        return tables;
    }
}
