using Wharf.Protocol.Records;

namespace Wharf.Protocol.Tests.Compression;

/// <summary>
/// Writes Wharf's compressed output for the independent tools to read: set WHARF_INTEROP_DIR to an empty
/// directory, run this test, then <c>/usr/bin/python3 Compression/Fixtures/generate_payloads.py --check $WHARF_INTEROP_DIR</c>
/// (gzip, zstd and lz4 CLIs; kafka-python's snappy decoder). Skipped otherwise.
/// </summary>
public sealed class CodecInteropTests
{
    [Fact]
    public void Payloads_for_the_tool_check_are_written_with_every_codec()
    {
        var directory = Environment.GetEnvironmentVariable("WHARF_INTEROP_DIR");
        Assert.SkipWhen(string.IsNullOrEmpty(directory), "WHARF_INTEROP_DIR is not set");
        foreach (var input in new[] { "empty", "small", "text-1mib", "random-1mib" })
        {
            var original = CodecRoundTripTests.Input(input);
            File.WriteAllBytes(Path.Combine(directory, input + ".original"), original);
            foreach (var codec in CodecRoundTripTests.Codecs)
            {
                var file = Path.Combine(directory, input + "." + codec.ToString().ToLowerInvariant());
                File.WriteAllBytes(file, CodecRoundTripTests.Compress(codec, original));
            }
        }
    }
}
