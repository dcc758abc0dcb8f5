using Confluent.Kafka;
using Wharf.Clients;

namespace Wharf.Clients.Tests;

/// <summary>Confluent.Kafka bound to Debian's librdkafka1 (the package test.sh and ./wharf install).</summary>
public sealed class KafkaClientLibraryTests
{
    [Fact]
    public void The_native_library_is_Debians_librdkafka_2_0()
    {
        KafkaClientLibrary.EnsureLoaded();

        Assert.StartsWith("2.0.", KafkaClientLibrary.NativeVersion, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_twice_is_harmless_and_clients_can_be_built()
    {
        KafkaClientLibrary.EnsureLoaded();
        KafkaClientLibrary.EnsureLoaded();

        // Building a client exercises the bound imports (rd_kafka_new and friends); no broker is contacted.
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = "127.0.0.1:1" }).Build();
        Assert.False(string.IsNullOrEmpty(producer.Name));
        Assert.True(KafkaClientLibrary.TryEnsureLoaded(out var problem));
        Assert.Null(problem);
    }
}
