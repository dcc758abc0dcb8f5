using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace Wharf.Avro.Tests.Support;

/// <summary>
/// Values of any schema in Avro's JSON encoding, drawn from a seeded <see cref="Random"/> (the same every run), within
/// what python3-avro's logical types can hold (its dates, times and timestamps are Python's datetime types, whose
/// range is years 1 to 9999; its decimals are written in the shortest two's complement). Recursive schemas stop
/// growing at <see cref="MaxDepth"/>: unions then take null when they can, arrays and maps are empty.
/// </summary>
internal sealed class RandomAvroValues(int seed)
{
    private const int MaxDepth = 4;

    private static readonly string[] Texts = ["", "a", "héllo", "日本", "😀 𝄞", "tab\tquote\"back\\slash", "\u0000nul", "\u007f\u0080\u07ff\u0800\uffff", "key"];

    private readonly Random _random = new(seed);

    public string Next(AvroSchema schema)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, AvroJson.WriterOptions))
        {
            Write(schema, writer, 0);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private void Write(AvroSchema schema, Utf8JsonWriter writer, int depth)
    {
        switch (schema)
        {
            case AvroRecordSchema record:
                writer.WriteStartObject();
                foreach (var field in record.Fields)
                {
                    writer.WritePropertyName(field.Name);
                    Write(field.Schema, writer, depth + 1);
                }

                writer.WriteEndObject();
                return;
            case AvroEnumSchema enumeration:
                writer.WriteStringValue(enumeration.Symbols[_random.Next(enumeration.Symbols.Count)]);
                return;
            case AvroFixedSchema fixedSchema:
                writer.WriteStringValue(fixedSchema.LogicalType?.Name == AvroLogicalType.Decimal
                    ? Latin1(FixedDecimal(fixedSchema.Size, fixedSchema.LogicalType.Precision))
                    : Latin1(RandomBytes(fixedSchema.Size)));
                return;
            case AvroArraySchema array:
                writer.WriteStartArray();
                for (var i = Count(depth); i > 0; i--)
                {
                    Write(array.Items, writer, depth + 1);
                }

                writer.WriteEndArray();
                return;
            case AvroMapSchema map:
                writer.WriteStartObject();
                var keys = new HashSet<string>(StringComparer.Ordinal);
                for (var i = Count(depth); i > 0; i--)
                {
                    var key = Texts[_random.Next(Texts.Length)] + _random.Next(100).ToString(CultureInfo.InvariantCulture);
                    if (keys.Add(key))
                    {
                        writer.WritePropertyName(key);
                        Write(map.Values, writer, depth + 1);
                    }
                }

                writer.WriteEndObject();
                return;
            case AvroUnionSchema union:
                var index = depth >= MaxDepth && union.NullIndex >= 0 ? union.NullIndex : _random.Next(union.Branches.Count);
                var branch = union.Branches[index];
                if (branch.Type == AvroType.Null)
                {
                    writer.WriteNullValue();
                    return;
                }

                writer.WriteStartObject();
                writer.WritePropertyName(branch.FullName);
                Write(branch, writer, depth + 1);
                writer.WriteEndObject();
                return;
            default:
                Primitive(schema, writer);
                return;
        }
    }

    private void Primitive(AvroSchema schema, Utf8JsonWriter writer)
    {
        switch (schema.LogicalType?.Name, schema.Type)
        {
            case (_, AvroType.Null):
                writer.WriteNullValue();
                return;
            case (_, AvroType.Boolean):
                writer.WriteBooleanValue(_random.Next(2) == 0);
                return;
            case (AvroLogicalType.Date, _):
                writer.WriteNumberValue(_random.Next(-719_162, 2_932_897)); // 0001-01-01 to 9999-12-31
                return;
            case (AvroLogicalType.TimeMillis, _):
                writer.WriteNumberValue(_random.Next(86_400_000));
                return;
            case (AvroLogicalType.TimeMicros, _):
                writer.WriteNumberValue(_random.NextInt64(86_400_000_000));
                return;
            case (AvroLogicalType.TimestampMillis, _):
                writer.WriteNumberValue(_random.NextInt64(-62_135_596_800_000, 253_402_300_800_000));
                return;
            case (AvroLogicalType.TimestampMicros, _):
                writer.WriteNumberValue(_random.NextInt64(-62_135_596_800_000_000, 253_402_300_800_000_000));
                return;
            case (AvroLogicalType.Uuid, _):
                writer.WriteStringValue(new Guid(RandomBytes(16)).ToString());
                return;
            case (AvroLogicalType.Decimal, AvroType.Bytes):
                writer.WriteStringValue(Latin1(Unscaled(schema.LogicalType!.Precision).ToByteArray(isUnsigned: false, isBigEndian: true)));
                return;
            case (_, AvroType.Int):
                writer.WriteNumberValue(_random.Next(4) == 0 ? _random.Next(-64, 64) : (int)(uint)_random.NextInt64(uint.MaxValue + 1L));
                return;
            case (_, AvroType.Long):
                writer.WriteNumberValue(_random.Next(4) == 0 ? _random.Next(-64, 64) : BitConverter.ToInt64(RandomBytes(8)));
                return;
            case (_, AvroType.Float):
                WriteFloating(writer, _random.Next(10) == 0 ? float.NaN : (float)((_random.NextDouble() - 0.5) * Math.Pow(10, _random.Next(-30, 30))));
                return;
            case (_, AvroType.Double):
                var value = _random.Next(10) == 0 ? double.NegativeInfinity : (_random.NextDouble() - 0.5) * Math.Pow(10, _random.Next(-300, 300));
                WriteFloating(writer, value);
                return;
            case (_, AvroType.Bytes):
                writer.WriteStringValue(Latin1(RandomBytes(_random.Next(12))));
                return;
            default:
                writer.WriteStringValue(Texts[_random.Next(Texts.Length)] + _random.Next(1000).ToString(CultureInfo.InvariantCulture));
                return;
        }
    }

    private static void WriteFloating(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private int Count(int depth) => depth >= MaxDepth ? 0 : _random.Next(4);

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>An unscaled value of at most <paramref name="precision"/> digits (any size when the precision is 0).</summary>
    private BigInteger Unscaled(int precision)
    {
        var digits = _random.Next(1, Math.Clamp(precision, 1, 30) + 1);
        var magnitude = BigInteger.Parse(string.Concat(Enumerable.Range(0, digits).Select(_ => (char)('0' + _random.Next(10)))), CultureInfo.InvariantCulture);
        return _random.Next(2) == 0 ? magnitude : -magnitude;
    }

    /// <summary>The unscaled value sign-extended to the fixed's size, as python3-avro writes a decimal fixed.</summary>
    private byte[] FixedDecimal(int size, int precision)
    {
        var unscaled = Unscaled(Math.Min(precision, (int)Math.Floor((8 * size - 1) * Math.Log10(2))));
        var minimal = unscaled.ToByteArray(isUnsigned: false, isBigEndian: true);
        var bytes = new byte[size];
        Array.Fill(bytes, unscaled.Sign < 0 ? (byte)0xFF : (byte)0);
        minimal.CopyTo(bytes, size - minimal.Length);
        return bytes;
    }

    private static string Latin1(byte[] bytes) => Encoding.Latin1.GetString(bytes);
}
