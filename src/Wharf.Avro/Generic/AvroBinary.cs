using System.Buffers;
using Wharf.Avro.Generic;
using Wharf.Avro.IO;

namespace Wharf.Avro;

/// <summary>
/// Generic datums (see <see cref="AvroRecord"/> for the model) to and from the Avro binary encoding of one schema.
/// Bad input throws <see cref="AvroDataException"/>; the <c>Try</c> methods answer with the error instead.
/// </summary>
public static class AvroBinary
{
    public static byte[] Encode(AvroSchema schema, object? datum, AvroLimits? limits = null)
    {
        using var buffer = AvroBufferWriter.Rent();
        Encode(schema, datum, buffer, limits ?? AvroLimits.Default);
        return buffer.ToArray();
    }

    /// <summary>Appends the encoding of <paramref name="datum"/> to <paramref name="output"/>.</summary>
    public static void Encode(AvroSchema schema, object? datum, IBufferWriter<byte> output, AvroLimits? limits = null)
    {
        using var buffer = AvroBufferWriter.Rent();
        Encode(schema, datum, buffer, limits ?? AvroLimits.Default);
        buffer.CopyTo(output);
    }

    public static bool TryEncode(AvroSchema schema, object? datum, IBufferWriter<byte> output, AvroLimits? limits,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out AvroDataError? error)
    {
        try
        {
            Encode(schema, datum, output, limits);
            error = null;
            return true;
        }
        catch (AvroDataException e)
        {
            error = e.Error;
            return false;
        }
    }

    /// <summary>Decodes one datum; all of <paramref name="data"/> must be used.</summary>
    public static object? Decode(AvroSchema schema, ReadOnlySpan<byte> data, AvroLimits? limits = null)
    {
        var reader = new AvroBinaryReader(data);
        var datum = GenericBinary.Read(schema, ref reader, 0, limits ?? AvroLimits.Default);
        reader.EnsureEnd();
        return datum;
    }

    public static bool TryDecode(AvroSchema schema, ReadOnlySpan<byte> data, AvroLimits? limits, out object? datum,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out AvroDataError? error)
    {
        try
        {
            datum = Decode(schema, data, limits);
            error = null;
            return true;
        }
        catch (AvroDataException e)
        {
            datum = null;
            error = e.Error;
            return false;
        }
    }

    internal static void Encode(AvroSchema schema, object? datum, AvroBufferWriter buffer, AvroLimits limits) =>
        GenericBinary.Write(schema, datum, buffer, 0, limits);
}
