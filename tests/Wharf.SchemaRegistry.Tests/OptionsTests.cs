using Wharf.Configuration;
using Wharf.SchemaRegistry.Registry;

namespace Wharf.SchemaRegistry.Tests;

/// <summary>schema-registry.properties keys, read as Confluent reads them, with Wharf's loopback default listener.</summary>
public sealed class OptionsTests
{
    [Fact]
    public void Without_listeners_wharf_listens_on_loopback_8081_and_port_binds_every_interface()
    {
        var defaults = SchemaRegistryOptions.FromSettings(new Settings(new Dictionary<string, string> { ["kafkastore.bootstrap.servers"] = "k:9092" }));
        var withPort = SchemaRegistryOptions.FromSettings(new Settings(new Dictionary<string, string> { ["kafkastore.bootstrap.servers"] = "k:9092", ["port"] = "18081" }));

        Assert.Equal(new Uri("http://127.0.0.1:8081"), Assert.Single(defaults.Listeners));
        Assert.Equal(new Uri("http://0.0.0.0:18081"), Assert.Single(withPort.Listeners));
    }

    [Fact]
    public void Confluents_keys_and_defaults_are_read()
    {
        var options = SchemaRegistryOptions.FromSettings(new Settings(new Dictionary<string, string>
        {
            ["listeners"] = "http://0.0.0.0:8081",
            ["kafkastore.bootstrap.servers"] = "PLAINTEXT://kafka:9092",
            ["kafkastore.topic"] = "_schemas_test",
            ["schema.compatibility.level"] = "full_transitive",
            ["host.name"] = "registry-1",
            ["leader.eligibility"] = "false",
            ["kafkastore.security.protocol"] = "PLAINTEXT",
            ["schema.registry.group.id"] = "sr-test",
        }));

        Assert.Equal("_schemas_test", options.Topic);
        Assert.Equal("_schemas_test_leader", options.ElectionTopic);
        Assert.Equal(CompatibilityLevel.FullTransitive, options.CompatibilityLevel);
        Assert.Equal("registry-1", options.HostName);
        Assert.False(options.LeaderEligibility);
        Assert.Equal("sr-test", options.GroupId);
        Assert.Equal(500, options.StoreTimeoutMs);
        Assert.Equal("PLAINTEXT", options.ClientConfig["security.protocol"]);
        Assert.Empty(options.UnknownKeys);
    }

    [Fact]
    public void Unknown_keys_are_reported_and_bad_values_refused_with_the_key()
    {
        var options = SchemaRegistryOptions.FromSettings(new Settings(new Dictionary<string, string>
        {
            ["kafkastore.bootstrap.servers"] = "k:9092",
            ["schema.compatibilty.level"] = "NONE",
            ["schema.providers"] = "io.confluent.kafka.schemaregistry.avro.AvroSchemaProvider",
        }));

        Assert.Equal(["schema.compatibilty.level"], options.UnknownKeys);
        Assert.Throws<ConfigurationException>(() => SchemaRegistryOptions.FromSettings(new Settings(new Dictionary<string, string> { ["kafkastore.bootstrap.servers"] = "k:9092", ["schema.compatibility.level"] = "sideways" })));
        Assert.Throws<ConfigurationException>(() => SchemaRegistryOptions.FromSettings(new Settings()));
        Assert.Throws<ConfigurationException>(() => SchemaRegistryOptions.FromSettings(new Settings(new Dictionary<string, string> { ["kafkastore.bootstrap.servers"] = "k:9092", ["listeners"] = "https://0.0.0.0:8081" })));
    }
}
