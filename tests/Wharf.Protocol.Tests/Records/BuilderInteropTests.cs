using Wharf.Protocol.Records;
using Wharf.Testing;

namespace Wharf.Protocol.Tests.Records;

/// <summary>
/// Batches built by Wharf, with every codec, read by two independent implementations: kafka-python's record parser
/// (Records/Fixtures/generate_batches.py --check) and librdkafka's consumer fed by a throwaway broker
/// (librdkafka_check.py); both compare every record, header and attribute with the fixture's description.
/// </summary>
public sealed class BuilderInteropTests
{
    [Fact]
    public async Task Batches_built_with_every_codec_are_read_back_by_kafka_python_and_librdkafka()
    {
        using var directory = TemporaryDirectory.Create();
        foreach (var fixture in BatchFixtures.All.Where(f => f.Compression == CompressionType.None))
        {
            foreach (var codec in Enum.GetValues<CompressionType>())
            {
                var file = Path.Combine(directory.Path, fixture.Name + "." + codec.ToString().ToLowerInvariant() + ".bin");
                await File.WriteAllBytesAsync(file, BatchFixtures.BuildWithWharf(fixture, codec), TestContext.Current.CancellationToken);
            }
        }

        await PythonCheck.RunAsync("Records/Fixtures/generate_batches.py", "--check", directory.Path);
        await PythonCheck.RunAsync("Records/Fixtures/librdkafka_check.py", directory.Path);
    }
}
