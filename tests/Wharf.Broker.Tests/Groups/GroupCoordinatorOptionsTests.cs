using Wharf.Broker.Groups;
using Wharf.Configuration;

namespace Wharf.Broker.Tests.Groups;

public sealed class GroupCoordinatorOptionsTests
{
    [Fact]
    public void Options_are_read_from_kafkas_keys_with_kafkas_defaults()
    {
        var settings = new Settings(new Dictionary<string, string>
        {
            ["group.initial.rebalance.delay.ms"] = "0",
            ["group.max.size"] = "12",
            ["offsets.retention.minutes"] = "60",
        });

        var options = GroupCoordinatorOptions.FromSettings(settings);

        Assert.Equal(new GroupCoordinatorOptions { InitialRebalanceDelayMs = 0, MaxGroupSize = 12, OffsetsRetentionMinutes = 60 }, options);
        Assert.Equal((6000, 1_800_000, 600_000L, 4096), (options.MinSessionTimeoutMs, options.MaxSessionTimeoutMs, options.OffsetsRetentionCheckIntervalMs, options.OffsetMetadataMaxBytes));
    }

    [Theory]
    [InlineData("group.max.size", "0")]
    [InlineData("group.max.session.timeout.ms", "5999")]
    [InlineData("offsets.retention.minutes", "0")]
    [InlineData("group.initial.rebalance.delay.ms", "soon")]
    public void A_value_kafka_would_refuse_names_its_key(string key, string value)
    {
        var settings = new Settings(new Dictionary<string, string> { [key] = value });

        var error = Assert.Throws<ConfigurationException>(() => GroupCoordinatorOptions.FromSettings(settings));

        Assert.Equal(key, error.Key);
    }
}
