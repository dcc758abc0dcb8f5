using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Wharf.Avro.IO;
using Wharf.Avro.Json;

namespace Wharf.Avro;

/// <summary>Which JSON form of Avro data to read or write.</summary>
public enum AvroJsonForm
{
    /// <summary>
    /// Avro's JSON encoding (spec, "JSON Encoding"): a union value is <c>null</c> or <c>{"&lt;branch&gt;": value}</c>
    /// where the label is the type name, or the full name of a named type; bytes and fixed are strings of code points
    /// U+0000..U+00FF. This is the form Confluent's REST Proxy v2 uses for <c>application/vnd.kafka.avro.v2+json</c>,
    /// on produce (<c>AvroSchemaUtils.toObject</c>, Avro-Java's JsonDecoder) and on consume (<c>AvroConverter.toJson</c>,
    /// Avro-Java's JsonEncoder).
    /// </summary>
    Avro,

    /// <summary>
    /// As <see cref="Avro"/>, but a union value is the branch's value without a wrapper. Reading picks the first
    /// branch, in declaration order, that the JSON value fits (numbers: int, long, float, double as declared; strings:
    /// string, bytes, an enum with that symbol, a fixed of that length; objects: each record and map branch in turn).
    /// </summary>
    Plain,
}

/// <summary>Settings of the JSON codec.</summary>
public sealed record AvroJsonOptions
{
    /// <summary>Avro's JSON encoding, as Confluent's REST Proxy v2 reads and writes it.</summary>
    public static readonly AvroJsonOptions Avro = new();

    public static readonly AvroJsonOptions Plain = new() { Form = AvroJsonForm.Plain };

    public AvroJsonForm Form { get; init; } = AvroJsonForm.Avro;

    /// <summary>
    /// When reading JSON, a record field that is absent takes its schema default. Off by default: Avro-Java's
    /// JsonDecoder (and so Confluent's REST Proxy) rejects a record without all its fields.
    /// </summary>
    public bool MissingFieldsUseDefaults { get; init; }

    public AvroLimits Limits { get; init; } = AvroLimits.Default;
}

/// <summary>
/// Conversions between JSON documents and Avro binary for a schema, straight from one to the other (no datum model).
/// Bad input throws <see cref="AvroDataException"/> (path and reason); the <c>Try</c> methods answer with the error.
/// </summary>
public static class AvroJson
{
    /// <summary>Written strings keep non-ASCII characters as they are (as Avro-Java's JsonEncoder does).</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>Encodes a UTF-8 JSON document as Avro binary, appended to <paramref name="output"/>.</summary>
    public static void ToBinary(AvroSchema schema, ReadOnlySpan<byte> utf8Json, IBufferWriter<byte> output, AvroJsonOptions? options = null)
    {
        using var buffer = AvroBufferWriter.Rent();
        JsonToBinary.Encode(schema, utf8Json, buffer, options ?? AvroJsonOptions.Avro);
        buffer.CopyTo(output);
    }

    public static byte[] ToBinary(AvroSchema schema, ReadOnlySpan<byte> utf8Json, AvroJsonOptions? options = null)
    {
        using var buffer = AvroBufferWriter.Rent();
        JsonToBinary.Encode(schema, utf8Json, buffer, options ?? AvroJsonOptions.Avro);
        return buffer.ToArray();
    }

    public static bool TryToBinary(AvroSchema schema, ReadOnlySpan<byte> utf8Json, IBufferWriter<byte> output, AvroJsonOptions? options,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out AvroDataError? error)
    {
        try
        {
            ToBinary(schema, utf8Json, output, options);
            error = null;
            return true;
        }
        catch (AvroDataException e)
        {
            error = e.Error;
            return false;
        }
    }

    /// <summary>Writes one Avro binary datum (all of <paramref name="avro"/>) as a JSON value.</summary>
    public static void FromBinary(AvroSchema schema, ReadOnlySpan<byte> avro, Utf8JsonWriter output, AvroJsonOptions? options = null)
    {
        var reader = new AvroBinaryReader(avro);
        BinaryToJson.Write(schema, ref reader, output, options ?? AvroJsonOptions.Avro, 0);
        reader.EnsureEnd();
    }

    /// <summary>One Avro binary datum as JSON text.</summary>
    public static string FromBinary(AvroSchema schema, ReadOnlySpan<byte> avro, AvroJsonOptions? options = null)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            FromBinary(schema, avro, writer, options);
        }
        return System.Text.Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>
    /// As <see cref="FromBinary(AvroSchema, ReadOnlySpan{byte}, Utf8JsonWriter, AvroJsonOptions?)"/>, answering with
    /// the error instead of throwing. On failure the writer holds a partial value: write to a scratch writer when the
    /// output must stay clean.
    /// </summary>
    public static bool TryFromBinary(AvroSchema schema, ReadOnlySpan<byte> avro, Utf8JsonWriter output, AvroJsonOptions? options,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out AvroDataError? error)
    {
        try
        {
            FromBinary(schema, avro, output, options);
            error = null;
            return true;
        }
        catch (AvroDataException e)
        {
            error = e.Error;
            return false;
        }
    }

    /// <summary>A JSON document as a generic datum (see <see cref="Generic.AvroRecord"/> for the model).</summary>
    public static object? ToDatum(AvroSchema schema, ReadOnlySpan<byte> utf8Json, AvroJsonOptions? options = null)
    {
        using var buffer = AvroBufferWriter.Rent();
        JsonToBinary.Encode(schema, utf8Json, buffer, options ?? AvroJsonOptions.Avro);
        return AvroBinary.Decode(schema, buffer.WrittenSpan, (options ?? AvroJsonOptions.Avro).Limits);
    }

    /// <summary>A generic datum as JSON.</summary>
    public static void FromDatum(AvroSchema schema, object? datum, Utf8JsonWriter output, AvroJsonOptions? options = null)
    {
        using var buffer = AvroBufferWriter.Rent();
        AvroBinary.Encode(schema, datum, buffer, (options ?? AvroJsonOptions.Avro).Limits);
        FromBinary(schema, buffer.WrittenSpan, output, options);
    }
}
