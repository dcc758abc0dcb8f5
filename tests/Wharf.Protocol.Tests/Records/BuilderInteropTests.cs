using Wharf.Protocol.Records;

namespace Wharf.Protocol.Tests.Records;

/// <summary>
/// Writes Wharf's batches for kafka-python to read: set WHARF_INTEROP_DIR to an empty directory, run this test,
/// then <c>/usr/bin/python3 Records/Fixtures/generate_batches.py --check $WHARF_INTEROP_DIR</c>. Skipped otherwise,
/// so the normal test run needs no Python.
/// </summary>
public sealed class BuilderInteropTests
{
    [Fact]
    public void Batches_for_the_kafka_python_check_are_written_with_every_codec()
    {
        var directory = Environment.GetEnvironmentVariable("WHARF_INTEROP_DIR");
        Assert.SkipWhen(string.IsNullOrEmpty(directory), "WHARF_INTEROP_DIR is not set");
        foreach (var fixture in BatchFixtures.All.Where(f => f.Compression == CompressionType.None))
        {
            foreach (var codec in Enum.GetValues<CompressionType>())
            {
                var file = Path.Combine(directory, fixture.Name + "." + codec.ToString().ToLowerInvariant() + ".bin");
                File.WriteAllBytes(file, BatchFixtures.BuildWithWharf(fixture, codec));
            }
        }
    }
}
