using Wharf.Clients.Wire;

namespace Wharf.Clients.Tests;

public sealed class BootstrapServersTests
{
    [Fact]
    public void Servers_are_split_and_listener_prefixes_dropped_as_librdkafka_does() =>
        Assert.Equal(
            [("kafka-1", 9093), ("127.0.0.1", 9092), ("::1", 19092), ("kafka-2", 9092)],
            BootstrapServers.Parse(" kafka-1:9093, PLAINTEXT://127.0.0.1:9092,SASL_SSL://[::1]:19092 ,kafka-2"));
}
