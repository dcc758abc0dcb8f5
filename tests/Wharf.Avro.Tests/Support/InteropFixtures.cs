using System.Globalization;
using System.Text.Json;

namespace Wharf.Avro.Tests.Support;

/// <summary>The fixtures python3-avro wrote (Fixtures/Interop/generate.py).</summary>
internal static class InteropFixtures
{
    private static readonly Lazy<JsonDocument> Encodings = new(() => JsonDocument.Parse(Fixtures.Read("Interop", "encodings.json")));
    private static readonly Lazy<JsonDocument> Resolution = new(() => JsonDocument.Parse(Fixtures.Read("Interop", "resolution.json")));

    public sealed record EncodedValue(string Case, int Index, AvroSchema Schema, JsonElement Json, JsonElement Plain, byte[] Binary);

    public sealed record BlockCase(string Name, AvroSchema Schema, JsonElement Json, byte[] Binary);

    public sealed record ResolutionCase(string Name, AvroSchema Writer, AvroSchema Reader, byte[] Binary, JsonElement? Json, string? Error, string Source);

    private static readonly Lazy<List<EncodedValue>> AllValues = new(() => [.. LoadValues()]);

    public static IReadOnlyList<EncodedValue> Values() => AllValues.Value;

    private static IEnumerable<EncodedValue> LoadValues()
    {
        foreach (var testCase in Encodings.Value.RootElement.GetProperty("cases").EnumerateArray())
        {
            var name = testCase.GetProperty("name").GetString()!;
            var schema = AvroSchema.Parse(testCase.GetProperty("schema").GetString()!);
            var index = 0;
            foreach (var value in testCase.GetProperty("values").EnumerateArray())
            {
                yield return new EncodedValue(name, index++, schema, value.GetProperty("json"), value.GetProperty("plain"),
                    Convert.FromHexString(value.GetProperty("binary").GetString()!));
            }
        }
    }

    public static EncodedValue Value(string name, int index) => Values().Single(v => v.Case == name && v.Index == index);

    public static IEnumerable<(string Name, AvroSchema Schema)> Schemas() =>
        Encodings.Value.RootElement.GetProperty("cases").EnumerateArray()
            .Select(c => (c.GetProperty("name").GetString()!, AvroSchema.Parse(c.GetProperty("schema").GetString()!)));

    public static IEnumerable<BlockCase> Blocks() =>
        Encodings.Value.RootElement.GetProperty("blocks").EnumerateArray().Select(b => new BlockCase(
            b.GetProperty("name").GetString()!, AvroSchema.Parse(b.GetProperty("schema").GetString()!), b.GetProperty("json"),
            Convert.FromHexString(b.GetProperty("binary").GetString()!)));

    public static IEnumerable<ResolutionCase> ResolutionCases() =>
        Resolution.Value.RootElement.GetProperty("cases").EnumerateArray().Select(c => new ResolutionCase(
            c.GetProperty("name").GetString()!,
            AvroSchema.Parse(c.GetProperty("writer").GetString()!),
            AvroSchema.Parse(c.GetProperty("reader").GetString()!),
            Convert.FromHexString(c.GetProperty("binary").GetString()!),
            c.TryGetProperty("json", out var json) ? json : null,
            c.TryGetProperty("error", out var error) ? error.GetString() : null,
            c.GetProperty("source").GetString()!));

    public static string Describe(int index) => index.ToString(CultureInfo.InvariantCulture);
}
