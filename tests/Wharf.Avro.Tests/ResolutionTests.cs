using System.Text;
using System.Text.Json;
using Wharf.Avro.Generic;
using Wharf.Avro.Tests.Support;

namespace Wharf.Avro.Tests;

/// <summary>
/// Reader/writer schema resolution against python3-avro's <c>DatumReader(writer, reader)</c> (Fixtures/Interop/
/// resolution.json; cases python3-avro 1.11 lacks are marked "spec" there) and a few rules checked directly.
/// </summary>
public sealed class ResolutionTests
{
    public static TheoryData<string> Cases() => [.. InteropFixtures.ResolutionCases().Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Writer_bytes_read_with_the_reader_schema_give_the_fixture_value(string name)
    {
        var testCase = InteropFixtures.ResolutionCases().Single(c => c.Name == name);
        var decoder = AvroResolvingDecoder.Create(testCase.Writer, testCase.Reader);
        if (testCase.Error is not null)
        {
            Assert.Throws<AvroDataException>(() => decoder.Decode(testCase.Binary));
            Assert.False(decoder.TryDecode(testCase.Binary, null, out _, out var error));
            Assert.False(string.IsNullOrEmpty(error.Reason));
            return;
        }
        var datum = decoder.Decode(testCase.Binary);
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output, AvroJson.WriterOptions))
        {
            AvroJson.FromDatum(testCase.Reader, datum, writer);
        }
        JsonAssert.Equivalent(testCase.Reader, testCase.Json!.Value, Encoding.UTF8.GetString(output.WrittenSpan), AvroJsonForm.Avro);
    }

    [Fact]
    public void Most_cases_are_checked_by_python_itself()
    {
        var cases = InteropFixtures.ResolutionCases().ToList();
        Assert.True(cases.Count(c => c.Source == "python3-avro") >= 20);
        Assert.Contains(cases, c => c.Source.StartsWith("spec", StringComparison.Ordinal));
    }

    [Fact]
    public void Defaults_are_fresh_values_for_each_record_read()
    {
        var writer = AvroSchema.Parse("""{"type":"record","name":"R","fields":[]}""");
        var reader = AvroSchema.Parse("""{"type":"record","name":"R","fields":[{"name":"tags","type":{"type":"array","items":"string"},"default":["a"]}]}""");
        var decoder = AvroResolvingDecoder.Create(writer, reader);
        var first = (AvroRecord)decoder.Decode([])!;
        ((List<object?>)first["tags"]!).Add("mutated");
        var second = (AvroRecord)decoder.Decode([])!;
        Assert.Equal(["a"], ((List<object?>)second["tags"]!).Cast<string>());
    }

    [Fact]
    public void A_writer_union_branch_the_reader_cannot_read_fails_only_when_written()
    {
        var writer = AvroSchema.Parse("""["null","string","int"]""");
        var reader = AvroSchema.Parse("""["null","long"]""");
        var decoder = AvroResolvingDecoder.Create(writer, reader);
        Assert.Null(decoder.Decode([0x00]));
        Assert.Equal(21L, decoder.Decode([0x04, 0x2A]));
        var error = Assert.Throws<AvroDataException>(() => decoder.Decode([0x02, 0x02, 0x61]));
        Assert.Contains("string", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_union_branch_is_matched_by_exact_type_before_promotion()
    {
        // Avro-Java's firstMatchingBranch; python3-avro would take the first branch that the value promotes to.
        var decoder = AvroResolvingDecoder.Create(AvroSchema.Parse("\"int\""), AvroSchema.Parse("""["long","int"]"""));
        Assert.Equal(7, decoder.Decode([0x0E]));
    }

    [Fact]
    public void Records_in_a_reader_union_match_by_name_then_by_structure()
    {
        var writer = AvroSchema.Parse("""{"type":"record","name":"w.Point","fields":[{"name":"x","type":"int"}]}""");
        var reader = AvroSchema.Parse("""["null",{"type":"record","name":"r.Other","fields":[{"name":"z","type":"int"}]},{"type":"record","name":"r.Point","fields":[{"name":"x","type":"long"}]}]""");
        var record = (AvroRecord)AvroResolvingDecoder.Create(writer, reader).Decode([0x02])!;
        Assert.Equal("r.Point", record.Schema.FullName);
        Assert.Equal(1L, record["x"]);
    }

    [Fact]
    public void Recursive_schemas_resolve_without_looping()
    {
        var writer = AvroSchema.Parse("""{"type":"record","name":"N","fields":[{"name":"v","type":"int"},{"name":"next","type":["null","N"]}]}""");
        var reader = AvroSchema.Parse("""{"type":"record","name":"N","fields":[{"name":"v","type":"long"},{"name":"next","type":["null","N"]},{"name":"extra","type":"string","default":"e"}]}""");
        var bytes = AvroBinary.Encode(writer, AvroJson.ToDatum(writer, """{"v":1,"next":{"N":{"v":2,"next":null}}}"""u8));
        var result = (AvroRecord)AvroResolvingDecoder.Create(writer, reader).Decode(bytes)!;
        Assert.Equal(2L, ((AvroRecord)result["next"]!)["v"]);
        Assert.Equal("e", ((AvroRecord)result["next"]!)["extra"]);
    }

    [Fact]
    public void A_reader_default_that_does_not_fit_fails_when_needed()
    {
        var writer = AvroSchema.Parse("""{"type":"record","name":"R","fields":[]}""");
        var reader = AvroSchema.Parse("""{"type":"record","name":"R","fields":[{"name":"s","type":"string","default":null}]}""", AvroParseOptions.Lenient);
        var error = Assert.Throws<AvroDataException>(() => AvroResolvingDecoder.Create(writer, reader).Decode([]));
        Assert.Contains("default", error.Reason, StringComparison.Ordinal);
    }
}
