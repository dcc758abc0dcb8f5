using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Avro.Generic;
using Wharf.Avro.Tests.Support;

namespace Wharf.Avro.Tests;

/// <summary>
/// Wharf.Avro against python3-avro running now (Fixtures/Interop/live.py, one python run for the whole class): every
/// schema of the fixture corpus (all primitive and logical types, enums with defaults, fixed, arrays, maps, nested,
/// recursive and namespaced records, unions with null first and last) with its fixture values and seeded random
/// ones (<see cref="RandomAvroValues"/>). Wharf's bytes must read in python as the value Wharf wrote, python's bytes
/// for the value must read in Wharf as that value (and be Wharf's bytes); for reader/writer resolution, python's
/// DatumReader(writer, reader) reads Wharf's bytes and Wharf's resolving decoder reads python's, both to the
/// expected reader value (resolution.json's, python's own where the fixture has none).
/// </summary>
public sealed class LiveInteropTests(LiveInteropTests.Python python) : IClassFixture<LiveInteropTests.Python>
{
    private const int RandomValuesPerSchema = 12;

    public static TheoryData<string> Schemas() => [.. Corpus.Value.Encodings.Select(c => c.Name).Distinct()];

    public static TheoryData<string> Resolutions() => [.. Corpus.Value.Resolutions.Select(c => c.Name).Distinct()];

    [Fact]
    public void The_corpus_is_broad()
    {
        Assert.True(Corpus.Value.Encodings.Count >= 600, $"{Corpus.Value.Encodings.Count} values");
        Assert.True(Corpus.Value.Resolutions.Count(c => c.Expected is not null) >= 20);
        Assert.Contains(Corpus.Value.Resolutions, c => c.MustFail);
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Python_reads_the_values_Wharf_wrote(string name)
    {
        foreach (var value in Corpus.Value.Encodings.Where(v => v.Name == name))
        {
            var result = python.Encoding(value);
            Assert.True(result["read_error"] is null, $"{value}: python3-avro could not read Wharf's bytes: {result["read_error"]}");
            JsonAssert.Equivalent(value.Schema, value.Json, Element(result["read"]), AvroJsonForm.Avro);
        }
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Wharf_reads_the_values_python_wrote(string name)
    {
        foreach (var value in Corpus.Value.Encodings.Where(v => v.Name == name))
        {
            var result = python.Encoding(value);
            Assert.True(result["python_error"] is null, $"{value}: python3-avro could not write the value: {result["python_error"]}");
            var bytes = Convert.FromHexString(result["python"]!.GetValue<string>());
            JsonAssert.Equivalent(value.Schema, value.Json, AvroJson.FromBinary(value.Schema, bytes), AvroJsonForm.Avro);
            Assert.True(AvroDatum.DeepEquals(AvroJson.ToDatum(value.Schema, Encoding.UTF8.GetBytes(value.Json.GetRawText())), AvroBinary.Decode(value.Schema, bytes)),
                $"{value}: the generic datum differs");
            Assert.Equal(Convert.ToHexString(value.Wharf), Convert.ToHexString(bytes));
        }
    }

    [Theory]
    [MemberData(nameof(Resolutions))]
    public void Python_resolves_the_bytes_Wharf_wrote(string name)
    {
        foreach (var resolution in Corpus.Value.Resolutions.Where(r => r.Name == name && r.PythonReads))
        {
            var result = python.Resolution(resolution);
            if (resolution.MustFail)
            {
                Assert.True(result["read_error"] is not null, $"{resolution}: python3-avro read {result["read"]?.ToJsonString()} where the resolution must fail");
                continue;
            }

            Assert.True(result["read_error"] is null, $"{resolution}: python3-avro could not resolve Wharf's bytes: {result["read_error"]}");
            JsonAssert.Equivalent(resolution.Reader, resolution.Expected ?? Element(result["read"]), Element(result["read"]), AvroJsonForm.Avro);
            JsonAssert.Equivalent(resolution.Reader, Element(result["read"]), WharfResolves(resolution, resolution.Wharf), AvroJsonForm.Avro);
        }
    }

    [Theory]
    [MemberData(nameof(Resolutions))]
    public void Wharf_resolves_the_bytes_python_wrote(string name)
    {
        foreach (var resolution in Corpus.Value.Resolutions.Where(r => r.Name == name))
        {
            var result = python.Resolution(resolution);
            Assert.True(result["python_error"] is null, $"{resolution}: python3-avro could not write the writer's value: {result["python_error"]}");
            var bytes = Convert.FromHexString(result["python"]!.GetValue<string>());
            if (resolution.MustFail)
            {
                Assert.Throws<AvroDataException>(() => AvroResolvingDecoder.Create(resolution.Writer, resolution.Reader).Decode(bytes));
                continue;
            }

            var expected = resolution.Expected ?? (resolution.PythonReads ? Element(result["read"]) : null);
            Assert.True(expected is not null, $"{resolution}: no expected value");
            JsonAssert.Equivalent(resolution.Reader, expected.Value, WharfResolves(resolution, bytes), AvroJsonForm.Avro);
        }
    }

    private static string WharfResolves(ResolutionValue resolution, byte[] bytes)
    {
        var datum = AvroResolvingDecoder.Create(resolution.Writer, resolution.Reader).Decode(bytes);
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output, AvroJson.WriterOptions))
        {
            AvroJson.FromDatum(resolution.Reader, datum, writer);
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static JsonElement Element(JsonNode? node) => JsonDocument.Parse(node?.ToJsonString() ?? "null").RootElement;

    /// <summary>A value of a schema in Avro's JSON encoding, and Wharf's bytes for it.</summary>
    public sealed record EncodedValue(string Name, int Index, string SchemaText, AvroSchema Schema, JsonElement Json, byte[] Wharf)
    {
        public override string ToString() => $"{Name} #{Index} {Clip(Json.GetRawText())}";
    }

    /// <summary>
    /// A writer value, Wharf's bytes for it with the writer schema, and what the reader must read: the fixture's
    /// value, or (for seeded random values) null, when python's own reading is the reference.
    /// </summary>
    public sealed record ResolutionValue(string Name, int Index, string WriterText, string ReaderText, AvroSchema Writer, AvroSchema Reader,
        JsonElement Value, byte[] Wharf, JsonElement? Expected, bool MustFail, bool PythonReads)
    {
        public override string ToString() => $"{Name} #{Index} {Clip(Value.GetRawText())}";
    }

    private sealed record LiveCorpus(List<EncodedValue> Encodings, List<ResolutionValue> Resolutions);

    private static string Clip(string text) => text.Length <= 300 ? text : text[..300] + "...";

    /// <summary>The fixture corpus plus seeded random values, each encoded by Wharf (the same every run).</summary>
    private static readonly Lazy<LiveCorpus> Corpus = new(() =>
    {
        var encodings = new List<EncodedValue>();
        var seed = 0;
        foreach (var (name, schema) in InteropFixtures.Schemas())
        {
            var text = schema.ToString();
            var values = InteropFixtures.Values().Where(v => v.Case == name).Select(v => v.Json.GetRawText()).ToList();
            var random = new RandomAvroValues(++seed);
            values.AddRange(Enumerable.Range(0, RandomValuesPerSchema).Select(_ => random.Next(schema)));
            encodings.AddRange(values.Select((json, index) =>
                new EncodedValue(name, index, text, schema, Parse(json), AvroJson.ToBinary(schema, Encoding.UTF8.GetBytes(json)))));
        }

        var resolutions = new List<ResolutionValue>();
        foreach (var testCase in InteropFixtures.ResolutionCases())
        {
            var mustFail = testCase.Error is not null;
            var pythonReads = testCase.Source == "python3-avro";

            // The writer's value is what the fixture's bytes hold; random ones follow, except for the cases that must
            // fail (their failure depends on the value) and the ones python3-avro cannot resolve (no reference).
            var values = new List<(string Json, JsonElement? Expected)> { (AvroJson.FromBinary(testCase.Writer, testCase.Binary), testCase.Json) };
            if (!mustFail && pythonReads)
            {
                var random = new RandomAvroValues(++seed);
                values.AddRange(Enumerable.Range(0, RandomValuesPerSchema).Select(_ => (random.Next(testCase.Writer), (JsonElement?)null)));
            }

            resolutions.AddRange(values.Select((value, index) => new ResolutionValue(testCase.Name, index, testCase.Writer.ToString(), testCase.Reader.ToString(),
                testCase.Writer, testCase.Reader, Parse(value.Json), AvroJson.ToBinary(testCase.Writer, Encoding.UTF8.GetBytes(value.Json)), value.Expected, mustFail, pythonReads)));
        }

        return new LiveCorpus(encodings, resolutions);
    });

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>python3-avro's answers for the whole corpus, from one run of live.py.</summary>
    public sealed class Python
    {
        private readonly JsonArray _encodings;
        private readonly JsonArray _resolutions;
        private readonly Dictionary<EncodedValue, int> _encodingIndex = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<ResolutionValue, int> _resolutionIndex = new(ReferenceEqualityComparer.Instance);

        public Python()
        {
            var corpus = Corpus.Value;
            var groups = corpus.Encodings.GroupBy(v => v.Name).ToList();
            var input = new JsonObject
            {
                ["encodings"] = new JsonArray([.. groups.Select(g => new JsonObject
                {
                    ["schema"] = g.First().SchemaText,
                    ["values"] = new JsonArray([.. g.Select(v => new JsonObject { ["json"] = JsonNode.Parse(v.Json.GetRawText()), ["wharf"] = Convert.ToHexString(v.Wharf) })]),
                })]),
                ["resolution"] = new JsonArray([.. corpus.Resolutions.Select(r => new JsonObject
                {
                    ["writer"] = r.WriterText,
                    ["reader"] = r.ReaderText,
                    ["value"] = JsonNode.Parse(r.Value.GetRawText()),
                    ["wharf"] = Convert.ToHexString(r.Wharf),
                })]),
            };
            var output = Run(input);
            _encodings = [.. output["encodings"]!.AsArray().SelectMany(g => g!["values"]!.AsArray()).Select(v => v!.DeepClone())];
            _resolutions = output["resolution"]!.AsArray();
            var position = 0;
            foreach (var value in groups.SelectMany(g => g))
            {
                _encodingIndex[value] = position++;
            }

            position = 0;
            foreach (var resolution in corpus.Resolutions)
            {
                _resolutionIndex[resolution] = position++;
            }

            Assert.Equal(corpus.Encodings.Count, _encodings.Count);
            Assert.Equal(corpus.Resolutions.Count, _resolutions.Count);
        }

        public JsonObject Encoding(EncodedValue value) => _encodings[_encodingIndex[value]]!.AsObject();

        public JsonObject Resolution(ResolutionValue value) => _resolutions[_resolutionIndex[value]]!.AsObject();

        private static JsonObject Run(JsonObject input)
        {
            var directory = Directory.CreateTempSubdirectory("wharf-avro-live-").FullName;
            try
            {
                var source = Path.Combine(directory, "in.json");
                var target = Path.Combine(directory, "out.json");
                File.WriteAllText(source, input.ToJsonString());
                var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
                foreach (var argument in (string[])[Fixtures.PathOf("Interop", "live.py"), source, target])
                {
                    start.ArgumentList.Add(argument);
                }

                using var process = Process.Start(start)!;
                var stderr = process.StandardError.ReadToEndAsync();
                var stdout = process.StandardOutput.ReadToEndAsync();
                if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
                {
                    process.Kill(entireProcessTree: true);
                    Assert.Fail("live.py did not finish in 2 minutes");
                }

                Assert.True(process.ExitCode == 0, $"live.py exited with {process.ExitCode}: {stdout.Result}{stderr.Result}");
                return JsonNode.Parse(File.ReadAllText(target))!.AsObject();
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
