using System.Text;
using System.Text.Json;
using Wharf.Avro.Generic;
using Wharf.Avro.Tests.Support;

namespace Wharf.Avro.Tests;

/// <summary>
/// The binary and JSON encodings against python3-avro's output (Fixtures/Interop/encodings.json): python's bytes
/// decode to the fixture's JSON, and the fixture's JSON encodes to python's bytes, in both JSON forms and through
/// the generic datum model.
/// </summary>
public sealed class InteropEncodingTests
{
    public static TheoryData<string, int> AllValues()
    {
        var data = new TheoryData<string, int>();
        foreach (var value in InteropFixtures.Values())
        {
            data.Add(value.Case, value.Index);
        }
        return data;
    }

    public static TheoryData<string> AllBlocks() => [.. InteropFixtures.Blocks().Select(b => b.Name)];

    [Fact]
    public void The_fixture_covers_every_type_and_logical_type()
    {
        var values = InteropFixtures.Values().ToList();
        Assert.True(values.Count >= 150, $"{values.Count} values");
        var types = values.SelectMany(v => Walk(v.Schema)).ToHashSet();
        Assert.True(Enum.GetValues<AvroType>().All(types.Contains), "every Avro type appears");
        var logical = values.SelectMany(v => Walk(v.Schema, s => s.GetTextProperty("logicalType"))).ToHashSet();
        foreach (var name in new[] { "decimal", "uuid", "date", "time-millis", "time-micros", "timestamp-millis", "timestamp-micros",
                     "local-timestamp-millis", "local-timestamp-micros", "duration", "big-decimal", "timestamp-nanos" })
        {
            Assert.Contains(name, logical);
        }
    }

    [Theory]
    [MemberData(nameof(AllValues))]
    public void Python_bytes_decode_to_the_fixture_json(string name, int index)
    {
        var value = InteropFixtures.Value(name, index);
        JsonAssert.Equivalent(value.Schema, value.Json, AvroJson.FromBinary(value.Schema, value.Binary), AvroJsonForm.Avro);
    }

    [Theory]
    [MemberData(nameof(AllValues))]
    public void The_fixture_json_encodes_to_python_bytes(string name, int index)
    {
        var value = InteropFixtures.Value(name, index);
        var encoded = AvroJson.ToBinary(value.Schema, Encoding.UTF8.GetBytes(value.Json.GetRawText()));
        Assert.Equal(Convert.ToHexString(value.Binary), Convert.ToHexString(encoded));
    }

    [Theory]
    [MemberData(nameof(AllValues))]
    public void Python_bytes_decode_to_the_plain_json_and_it_encodes_back_to_the_same_value(string name, int index)
    {
        var value = InteropFixtures.Value(name, index);
        JsonAssert.Equivalent(value.Schema, value.Plain, AvroJson.FromBinary(value.Schema, value.Binary, AvroJsonOptions.Plain), AvroJsonForm.Plain);

        // Without union labels the branch is the first that fits, which may differ from the one python3-avro was
        // told to use (1 in ["int","long"]); the value must be the same.
        var encoded = AvroJson.ToBinary(value.Schema, Encoding.UTF8.GetBytes(value.Plain.GetRawText()), AvroJsonOptions.Plain);
        if (!encoded.AsSpan().SequenceEqual(value.Binary))
        {
            JsonAssert.Equivalent(value.Schema, value.Plain, AvroJson.FromBinary(value.Schema, encoded, AvroJsonOptions.Plain), AvroJsonForm.Plain);
        }
    }

    [Theory]
    [MemberData(nameof(AllValues))]
    public void Python_bytes_round_trip_through_the_generic_model(string name, int index)
    {
        var value = InteropFixtures.Value(name, index);
        var datum = AvroBinary.Decode(value.Schema, value.Binary);
        Assert.Equal(Convert.ToHexString(value.Binary), Convert.ToHexString(AvroBinary.Encode(value.Schema, datum)));

        var resolved = AvroResolvingDecoder.Create(value.Schema, value.Schema).Decode(value.Binary);
        Assert.True(AvroDatum.DeepEquals(datum, resolved), $"{AvroDatum.DeepEquals(datum, resolved)}");

        var output = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output, AvroJson.WriterOptions))
        {
            AvroJson.FromDatum(value.Schema, datum, writer);
        }
        JsonAssert.Equivalent(value.Schema, value.Json, Encoding.UTF8.GetString(output.WrittenSpan), AvroJsonForm.Avro);
        Assert.True(AvroDatum.DeepEquals(datum, AvroJson.ToDatum(value.Schema, Encoding.UTF8.GetBytes(value.Json.GetRawText()))));
    }

    [Theory]
    [MemberData(nameof(AllBlocks))]
    public void Arrays_and_maps_in_several_blocks_decode_as_python_reads_them(string name)
    {
        var block = InteropFixtures.Blocks().Single(b => b.Name == name);
        JsonAssert.Equivalent(block.Schema, block.Json, AvroJson.FromBinary(block.Schema, block.Binary), AvroJsonForm.Avro);
        var datum = AvroBinary.Decode(block.Schema, block.Binary);
        JsonAssert.Equivalent(block.Schema, block.Json, AvroJson.FromBinary(block.Schema, AvroBinary.Encode(block.Schema, datum)), AvroJsonForm.Avro);
        var resolved = AvroResolvingDecoder.Create(block.Schema, block.Schema).Decode(block.Binary);
        Assert.True(AvroDatum.DeepEquals(datum, resolved));
    }

    [Fact]
    public void Floats_and_doubles_are_written_as_avro_java_prints_them()
    {
        var schema = AvroSchema.Parse("""{"type":"record","name":"R","fields":[{"name":"f","type":{"type":"array","items":"float"}},{"name":"d","type":{"type":"array","items":"double"}}]}""");
        var json = """{"f":[0.1,1,-0.0,1e10,3.4028235e38,1.0e-5,"NaN","-Infinity"],"d":[0.1,100,1e7,1.0E-3,0.0001,1e21,"Infinity",12345.678]}"""u8;
        Assert.Equal("""{"f":[0.1,1.0,-0.0,1.0E10,3.4028235E38,1.0E-5,"NaN","-Infinity"],"d":[0.1,100.0,1.0E7,0.001,1.0E-4,1.0E21,"Infinity",12345.678]}""",
            AvroJson.FromBinary(schema, AvroJson.ToBinary(schema, json)));
    }

    [Fact]
    public void Nan_from_json_is_encoded_as_javas_nan()
    {
        Assert.Equal("0000C07F", Convert.ToHexString(AvroJson.ToBinary(AvroSchema.Parse("\"float\""), "\"NaN\""u8)));
        Assert.Equal("000000000000F87F", Convert.ToHexString(AvroJson.ToBinary(AvroSchema.Parse("\"double\""), "\"NaN\""u8)));
    }

    private static IEnumerable<AvroType> Walk(AvroSchema schema) => Walk(schema, s => (AvroType?)s.Type).Select(t => t!.Value);

    private static IEnumerable<T> Walk<T>(AvroSchema schema, Func<AvroSchema, T?> select)
    {
        var seen = new HashSet<AvroSchema>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<AvroSchema>([schema]);
        while (pending.Count > 0)
        {
            var s = pending.Pop();
            if (!seen.Add(s))
            {
                continue;
            }
            if (select(s) is { } value)
            {
                yield return value;
            }
            foreach (var child in s switch
            {
                AvroRecordSchema r => r.Fields.Select(f => f.Schema),
                AvroArraySchema a => [a.Items],
                AvroMapSchema m => [m.Values],
                AvroUnionSchema u => u.Branches,
                _ => [],
            })
            {
                pending.Push(child);
            }
        }
    }
}
