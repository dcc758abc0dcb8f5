using System.Security.Cryptography;
using System.Text.Json;
using Wharf.Protocol.Compression;
using Wharf.Protocol.Records;

namespace Wharf.Protocol.Tests.Compression;

/// <summary>
/// Payloads compressed by independent tools (Fixtures/generate_payloads.py): the gzip, zstd and lz4 CLIs with
/// their various frame options, python3-snappy's raw blocks and kafka-python's xerial framing.
/// </summary>
public sealed class ToolFixtureTests
{
    private static readonly Lazy<IReadOnlyList<Payload>> Payloads = new(Load);

    public static TheoryData<string> Files() => new(Payloads.Value.Select(p => p.File));

    public static TheoryData<string> NonEmptyFiles() => new(Payloads.Value.Where(p => p.Length > 0).Select(p => p.File));

    [Theory]
    [MemberData(nameof(Files))]
    public void Tool_output_decompresses_to_the_original(string file)
    {
        var payload = Payloads.Value.Single(p => p.File == file);
        var compressed = File.ReadAllBytes(Path.Combine(Directory, file));
        var (status, output) = CodecRoundTripTests.Decompress(payload.Codec, compressed, payload.Length);
        Assert.Equal(DecompressionStatus.Success, status);
        Assert.Equal(payload.Length, output.Length);
        Assert.Equal(payload.Sha256, Convert.ToHexStringLower(SHA256.HashData(output)));
    }

    [Theory]
    [MemberData(nameof(NonEmptyFiles))]
    public void Tool_output_over_the_maximum_is_too_large(string file)
    {
        var payload = Payloads.Value.Single(p => p.File == file);
        var compressed = File.ReadAllBytes(Path.Combine(Directory, file));
        Assert.Equal(DecompressionStatus.TooLarge, CodecRoundTripTests.Decompress(payload.Codec, compressed, payload.Length - 1).Status);
    }

    private static string Directory => Path.Combine(AppContext.BaseDirectory, "Compression", "Fixtures");

    private static List<Payload> Load()
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory, "payloads.json")));
        return json.RootElement.GetProperty("payloads").EnumerateArray().Select(p => new Payload(
            p.GetProperty("file").GetString()!,
            Enum.Parse<CompressionType>(p.GetProperty("codec").GetString()!, ignoreCase: true),
            p.GetProperty("length").GetInt32(),
            p.GetProperty("sha256").GetString()!)).ToList();
    }

    private sealed record Payload(string File, CompressionType Codec, int Length, string Sha256);
}
