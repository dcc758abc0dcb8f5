using Wharf.Testing;

namespace Wharf.Protocol.Tests.Compression;

/// <summary>
/// Wharf's compressed output read by independent implementations: the gzip, zstd and lz4 command-line tools and
/// kafka-python's snappy decoder (Compression/Fixtures/generate_payloads.py --check decompresses every file and
/// compares it with the original).
/// </summary>
public sealed class CodecInteropTests
{
    [Fact]
    public async Task Every_codec_output_is_read_back_by_the_reference_tools()
    {
        using var directory = TemporaryDirectory.Create();
        foreach (var input in new[] { "empty", "small", "text-1mib", "random-1mib" })
        {
            var original = CodecRoundTripTests.Input(input);
            await File.WriteAllBytesAsync(Path.Combine(directory.Path, input + ".original"), original, TestContext.Current.CancellationToken);
            foreach (var codec in CodecRoundTripTests.Codecs)
            {
                var file = Path.Combine(directory.Path, input + "." + codec.ToString().ToLowerInvariant());
                await File.WriteAllBytesAsync(file, CodecRoundTripTests.Compress(codec, original), TestContext.Current.CancellationToken);
            }
        }

        await PythonCheck.RunAsync("Compression/Fixtures/generate_payloads.py", "--check", directory.Path);
    }
}
