using Wharf.Avro.Tests.Support;

namespace Wharf.Avro.Tests;

/// <summary>Parsing Canonical Form and CRC-64-AVRO against the spec's vectors (apache/avro share/test/data/schema-tests.txt).</summary>
public sealed class FingerprintTests
{
    public static TheoryData<string, string, string, string?> SchemaTestsCases()
    {
        var data = new TheoryData<string, string, string, string?>();
        foreach (var testCase in SchemaTestsFile.Load())
        {
            data.Add(testCase.Id, testCase.Input, testCase.Canonical, testCase.Fingerprint);
        }
        return data;
    }

    [Fact]
    public void The_schema_tests_file_has_all_its_cases()
    {
        Assert.Equal(34, SchemaTestsFile.Load().Count);
    }

    [Theory]
    [MemberData(nameof(SchemaTestsCases))]
    public void Parsing_canonical_form_matches_the_spec_test_file(string id, string input, string canonical, string? fingerprint)
    {
        var schema = AvroSchema.Parse(input, AvroParseOptions.Strict);
        Assert.True(canonical == schema.ToParsingCanonicalForm(), $"case {id}");
        if (fingerprint is not null)
        {
            Assert.Equal(long.Parse(fingerprint, System.Globalization.CultureInfo.InvariantCulture), schema.Fingerprint64());
        }
    }

    [Theory]
    [InlineData("\"null\"", 7195948357588979594L)]
    [InlineData("\"boolean\"", -6970731678124411036L)]
    [InlineData("\"int\"", 8247732601305521295L)]
    [InlineData("\"long\"", -3434872931120570953L)]
    [InlineData("\"float\"", 5583340709985441680L)]
    [InlineData("\"double\"", -8181574048448539266L)]
    [InlineData("\"bytes\"", 5746618253357095269L)]
    [InlineData("\"string\"", -8142146995180207161L)]
    [InlineData("{\"name\":\"foo\",\"type\":\"fixed\",\"size\":15}", 1756455273707447556L)]
    [InlineData("{\"type\":\"array\",\"items\":\"null\"}", -589620603366471059L)]
    [InlineData("{\"type\":\"map\",\"values\":\"string\"}", -8732877298790414990L)]
    [InlineData("{\"name\":\"x.y.foo\",\"type\":\"record\",\"fields\":[]}", 5916914534497305771L)]
    [InlineData("{\"name\":\"PigValue\",\"type\":\"record\",\"fields\":[{\"name\":\"value\",\"type\":[\"null\",\"int\",\"long\",\"PigValue\"]}]}", -1759257747318642341L)]
    public void Crc64_of_the_canonical_text_matches_the_research_table(string pcf, long expected)
    {
        Assert.Equal(expected, AvroFingerprint.Crc64(pcf));
        Assert.Equal(expected, AvroSchema.Parse(pcf).Fingerprint64());
    }

    [Fact]
    public void The_fingerprint_of_no_bytes_is_the_empty_constant()
    {
        Assert.Equal(unchecked((long)0xc15d213aa4d7a795UL), AvroFingerprint.Crc64(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void Fingerprint_bytes_are_little_endian_as_in_single_object_encoding()
    {
        var bytes = AvroFingerprint.Crc64Bytes(0x0102030405060708L);
        Assert.Equal(new byte[] { 8, 7, 6, 5, 4, 3, 2, 1 }, bytes);
    }

    [Fact]
    public void Parsing_canonical_form_drops_logical_types_defaults_docs_and_aliases()
    {
        var schema = AvroSchema.Parse("""
            {"type":"record","name":"R","namespace":"n","doc":"d","aliases":["Old"],"fields":[
              {"name":"a","type":{"type":"bytes","logicalType":"decimal","precision":4,"scale":2},"default":"\u0000","doc":"x"},
              {"name":"b","type":{"type":"enum","name":"E","symbols":["X","Y"],"default":"X"}},
              {"name":"c","type":["null","n.E",{"type":"map","values":"E"}]}]}
            """);
        Assert.Equal("""{"name":"n.R","type":"record","fields":[{"name":"a","type":"bytes"},{"name":"b","type":{"name":"n.E","type":"enum","symbols":["X","Y"]}},{"name":"c","type":["null","n.E",{"type":"map","values":"n.E"}]}]}""",
            schema.ToParsingCanonicalForm());
    }
}

/// <summary>Reads apache/avro's share/test/data/schema-tests.txt: INPUT, canonical and fingerprint per case.</summary>
internal static class SchemaTestsFile
{
    public sealed record Case(string Id, string Input, string Canonical, string? Fingerprint);

    public static List<Case> Load()
    {
        var cases = new List<Case>();
        var lines = Fixtures.Read("Spec", "schema-tests.txt").Split('\n');
        string? id = null;
        string? input = null;
        string? canonical = null;
        string? fingerprint = null;
        void Flush()
        {
            if (input is not null)
            {
                cases.Add(new Case(id ?? "?", input, canonical ?? throw new InvalidDataException($"case {id} has no canonical form"), fingerprint));
            }
            input = canonical = fingerprint = null;
        }
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.StartsWith("// ", StringComparison.Ordinal) && line.Length == 6 && line[3..].All(char.IsAsciiDigit))
            {
                Flush();
                id = line[3..];
            }
            else if (line == "<<INPUT")
            {
                var text = new List<string>();
                while (lines[++i].TrimEnd('\r') != "INPUT")
                {
                    text.Add(lines[i]);
                }
                input = string.Join('\n', text);
            }
            else if (line.StartsWith("<<INPUT ", StringComparison.Ordinal))
            {
                input = line["<<INPUT ".Length..];
            }
            else if (line.StartsWith("<<canonical ", StringComparison.Ordinal))
            {
                canonical = line["<<canonical ".Length..];
            }
            else if (line.StartsWith("<<fingerprint ", StringComparison.Ordinal))
            {
                fingerprint = line["<<fingerprint ".Length..];
            }
        }
        Flush();
        return cases;
    }
}
