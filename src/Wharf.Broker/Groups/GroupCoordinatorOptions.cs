using System.Globalization;
using Wharf.Configuration;

namespace Wharf.Broker.Groups;

/// <summary>
/// The group coordinator's settings, under Kafka's server.properties keys and with Kafka's defaults
/// (GroupCoordinatorConfig, OffsetConfig). <see cref="FromSettings"/> reads and validates them.
/// </summary>
public sealed record GroupCoordinatorOptions
{
    /// <summary>group.initial.rebalance.delay.ms: how long the first rebalance of an empty group waits for more
    /// members, extended by the same delay (up to the rebalance timeout) each time one joins. 0 completes at once.</summary>
    public int InitialRebalanceDelayMs { get; init; } = 3000;

    /// <summary>group.min.session.timeout.ms: shortest session a member may ask for.</summary>
    public int MinSessionTimeoutMs { get; init; } = 6000;

    /// <summary>group.max.session.timeout.ms: longest session a member may ask for (30 minutes).</summary>
    public int MaxSessionTimeoutMs { get; init; } = 1_800_000;

    /// <summary>group.max.size: members a group may have; joins past it get GROUP_MAX_SIZE_REACHED.</summary>
    public int MaxGroupSize { get; init; } = int.MaxValue;

    /// <summary>offsets.retention.minutes: how long committed offsets outlive an empty group (7 days).</summary>
    public int OffsetsRetentionMinutes { get; init; } = 10080;

    /// <summary>offsets.retention.check.interval.ms: how often expired offsets are looked for (10 minutes).</summary>
    public long OffsetsRetentionCheckIntervalMs { get; init; } = 600_000;

    /// <summary>offset.metadata.max.bytes: longest metadata string a commit may carry (Kafka counts characters).</summary>
    public int OffsetMetadataMaxBytes { get; init; } = 4096;

    internal TimeSpan OffsetsRetention => TimeSpan.FromMinutes(OffsetsRetentionMinutes);

    /// <summary>Reads the keys above from <paramref name="settings"/>; throws <see cref="ConfigurationException"/>
    /// naming the key of a value Kafka would refuse.</summary>
    public static GroupCoordinatorOptions FromSettings(Settings settings)
    {
        var defaults = new GroupCoordinatorOptions();
        var options = new GroupCoordinatorOptions
        {
            InitialRebalanceDelayMs = settings.GetInt32("group.initial.rebalance.delay.ms", defaults.InitialRebalanceDelayMs),
            MinSessionTimeoutMs = settings.GetInt32("group.min.session.timeout.ms", defaults.MinSessionTimeoutMs),
            MaxSessionTimeoutMs = settings.GetInt32("group.max.session.timeout.ms", defaults.MaxSessionTimeoutMs),
            MaxGroupSize = settings.GetInt32("group.max.size", defaults.MaxGroupSize),
            OffsetsRetentionMinutes = settings.GetInt32("offsets.retention.minutes", defaults.OffsetsRetentionMinutes),
            OffsetsRetentionCheckIntervalMs = settings.GetInt64("offsets.retention.check.interval.ms", defaults.OffsetsRetentionCheckIntervalMs),
            OffsetMetadataMaxBytes = settings.GetInt32("offset.metadata.max.bytes", defaults.OffsetMetadataMaxBytes),
        };
        options.Validate();
        return options;
    }

    /// <summary>Throws <see cref="ConfigurationException"/> for the first value Kafka's config definitions reject.</summary>
    public void Validate()
    {
        AtLeast("group.initial.rebalance.delay.ms", InitialRebalanceDelayMs, 0);
        AtLeast("group.min.session.timeout.ms", MinSessionTimeoutMs, 0);
        AtLeast("group.max.session.timeout.ms", MaxSessionTimeoutMs, MinSessionTimeoutMs);
        AtLeast("group.max.size", MaxGroupSize, 1);
        AtLeast("offsets.retention.minutes", OffsetsRetentionMinutes, 1);
        AtLeast("offsets.retention.check.interval.ms", OffsetsRetentionCheckIntervalMs, 1);
        AtLeast("offset.metadata.max.bytes", OffsetMetadataMaxBytes, 0);
    }

    private static void AtLeast(string key, long value, long minimum)
    {
        if (value < minimum)
        {
            throw new ConfigurationException(key, value.ToString(CultureInfo.InvariantCulture), "must be at least " + minimum.ToString(CultureInfo.InvariantCulture));
        }
    }
}
