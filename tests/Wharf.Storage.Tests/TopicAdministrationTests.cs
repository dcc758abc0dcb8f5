using Wharf.Protocol;
using Wharf.Storage.Config;
using Wharf.Storage.Tests.Support;

namespace Wharf.Storage.Tests;

public sealed class TopicAdministrationTests
{
    private static readonly Dictionary<string, string?> NoConfigs = [];

    [Fact]
    public async Task Created_topics_with_their_ids_partitions_and_configs_survive_a_restart()
    {
        await using var dir = TestLogDirectory.Create();
        Assert.True(dir.Manager.CreateTopic("orders", 3, new Dictionary<string, string?> { ["retention.ms"] = "1000", ["cleanup.policy"] = "compact,delete" }, false).Succeeded);
        Assert.True(dir.Manager.TryGetTopic("orders", out var before));

        await dir.ReopenAsync();

        Assert.True(dir.Manager.TryGetTopic("orders", out var after));
        Assert.Equal(before.TopicId, after.TopicId);
        Assert.Equal(3, after.Partitions.Count);
        Assert.Equal([0, 1, 2], after.Partitions.Select(p => p.Partition));
        Assert.Equal(1000, after.Config.RetentionMs);
        Assert.True(after.Config.Compact && after.Config.Delete);
        Assert.Equal(2, after.Config.Overrides.Count);
    }

    [Fact]
    public async Task Validate_only_creates_nothing()
    {
        await using var dir = TestLogDirectory.Create();

        var result = dir.Manager.CreateTopic("orders", 3, NoConfigs, validateOnly: true);

        Assert.True(result.Succeeded);
        Assert.NotNull(result.Config);
        Assert.False(dir.Manager.TryGetTopic("orders", out _));
        Assert.Empty(Directory.GetDirectories(dir.Path));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("has space")]
    [InlineData("slash/inside")]
    [InlineData("ünïcode")]
    public async Task Illegal_topic_names_are_invalid_topic_exception(string name)
    {
        await using var dir = TestLogDirectory.Create();

        var result = dir.Manager.CreateTopic(name, 1, NoConfigs, false);

        Assert.Equal(ErrorCode.InvalidTopicException, result.Error);
        Assert.Empty(dir.Manager.Topics);
    }

    [Fact]
    public async Task A_name_of_249_characters_is_accepted_and_250_is_not()
    {
        await using var dir = TestLogDirectory.Create();

        Assert.True(dir.Manager.CreateTopic(new string('a', 249), 1, NoConfigs, false).Succeeded);
        Assert.Equal(ErrorCode.InvalidTopicException, dir.Manager.CreateTopic(new string('b', 250), 1, NoConfigs, false).Error);
    }

    [Fact]
    public async Task Existing_and_colliding_names_are_refused()
    {
        await using var dir = TestLogDirectory.Create();
        dir.Manager.CreateTopic("a.b", 1, NoConfigs, false);

        Assert.Equal(ErrorCode.TopicAlreadyExists, dir.Manager.CreateTopic("a.b", 1, NoConfigs, false).Error);
        Assert.Equal(ErrorCode.InvalidTopicException, dir.Manager.CreateTopic("a_b", 1, NoConfigs, false).Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(LogManager.MaxPartitionsPerTopic + 1)]
    public async Task Impossible_partition_counts_are_invalid_partitions(int partitions)
    {
        await using var dir = TestLogDirectory.Create();

        Assert.Equal(ErrorCode.InvalidPartitions, dir.Manager.CreateTopic("t", partitions, NoConfigs, false).Error);
    }

    [Theory]
    [InlineData("no.such.config", "1")]
    [InlineData("retention.ms", "soon")]
    [InlineData("retention.ms", "-2")]
    [InlineData("segment.bytes", "13")]
    [InlineData("segment.bytes", "2147483648")]
    [InlineData("cleanup.policy", "compact,shred")]
    [InlineData("message.timestamp.type", "WallClock")]
    [InlineData("min.cleanable.dirty.ratio", "1.5")]
    [InlineData("remote.storage.enable", "true")]
    [InlineData("retention.ms", null)]
    public async Task Invalid_configs_are_invalid_config_and_create_nothing(string name, string? value)
    {
        await using var dir = TestLogDirectory.Create();

        var result = dir.Manager.CreateTopic("t", 1, new Dictionary<string, string?> { [name] = value }, false);

        Assert.Equal(ErrorCode.InvalidConfig, result.Error);
        Assert.Contains(name, result.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(dir.Manager.Topics);
    }

    [Fact]
    public async Task A_deleted_topic_is_gone_from_disk_and_after_restart_and_its_partitions_refuse_work()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition("doomed", partitions: 2);
        log.AppendOk(TestBatch.Create());
        var waiter = log.WaitForAppendAsync(log.LogEndOffset, TestContext.Current.CancellationToken);

        Assert.True(dir.Manager.DeleteTopic("doomed").Succeeded);

        await waiter.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, log.Append(TestBatch.Create(), 0, AppendOrigin.Client).Error);
        using (var read = log.Read(0, 100, true, 10))
        {
            Assert.Equal(ErrorCode.UnknownTopicOrPartition, read.Error);
        }

        Assert.Empty(Directory.GetDirectories(dir.Path));
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, dir.Manager.DeleteTopic("doomed").Error);
        await dir.ReopenAsync();
        Assert.Empty(dir.Manager.Topics);
    }

    [Fact]
    public async Task A_topic_recreated_under_a_deleted_name_starts_empty()
    {
        await using var dir = TestLogDirectory.Create();
        dir.CreatePartition("reborn").AppendOk(TestBatch.Create(records: 5));
        dir.Manager.DeleteTopic("reborn");

        var log = dir.CreatePartition("reborn");

        Assert.Equal(0, log.LogEndOffset);
    }

    [Fact]
    public async Task Directories_left_by_an_interrupted_deletion_are_removed_at_start_and_unknown_ones_left_alone()
    {
        await using var dir = TestLogDirectory.Create();
        dir.CreatePartition("kept");
        var halfDeleted = Path.Combine(dir.Path, "gone-0.0123-delete");
        var stale = Path.Combine(dir.Path, "gone-1");
        var unrelated = Path.Combine(dir.Path, "notes");

        await dir.CrashAndReopenAsync(() =>
        {
            Directory.CreateDirectory(halfDeleted);
            Directory.CreateDirectory(stale);
            File.Copy(Path.Combine(dir.PartitionDirectory("kept"), "partition.metadata"), Path.Combine(stale, "partition.metadata"));
            Directory.CreateDirectory(unrelated);
        });

        Assert.False(Directory.Exists(halfDeleted));
        Assert.False(Directory.Exists(stale));
        Assert.True(Directory.Exists(unrelated));
        Assert.True(Directory.Exists(dir.PartitionDirectory("kept")));
    }

    [Fact]
    public async Task A_directory_without_topic_metadata_has_nothing_deleted()
    {
        using var foreign = Wharf.Testing.TemporaryDirectory.Create();
        var partition = Directory.CreateDirectory(Path.Combine(foreign.Path, "theirs-0")).FullName;
        File.WriteAllText(Path.Combine(partition, "partition.metadata"), "version: 0\ntopic_id: AAAAAAAAAAAAAAAAAAAAAA\n");
        var deleted = Directory.CreateDirectory(Path.Combine(foreign.Path, "theirs-1.abc-delete")).FullName;

        await using (var manager = LogManager.Open(new LogManagerOptions { LogDirectory = foreign.Path }, TimeProvider.System, new Wharf.Testing.CapturedLogs()))
        {
            Assert.Empty(manager.Topics);
        }

        Assert.True(Directory.Exists(partition));
        Assert.True(Directory.Exists(deleted));
    }

    [Fact]
    public async Task Create_partitions_grows_a_topic_and_refuses_to_shrink_it()
    {
        await using var dir = TestLogDirectory.Create();
        dir.CreatePartition("t", partitions: 2).AppendOk(TestBatch.Create());

        Assert.Equal(ErrorCode.InvalidPartitions, dir.Manager.CreatePartitions("t", 1, false).Error);
        Assert.Equal(ErrorCode.InvalidPartitions, dir.Manager.CreatePartitions("t", 2, false).Error);
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, dir.Manager.CreatePartitions("nope", 3, false).Error);
        Assert.True(dir.Manager.CreatePartitions("t", 4, validateOnly: true).Succeeded);
        Assert.True(dir.Manager.TryGetTopic("t", out var unchanged));
        Assert.Equal(2, unchanged.Partitions.Count);
        Assert.True(dir.Manager.CreatePartitions("t", 4, false).Succeeded);

        await dir.ReopenAsync();
        Assert.True(dir.Manager.TryGetTopic("t", out var topic));
        Assert.Equal(4, topic.Partitions.Count);
        Assert.Equal(1, topic.Partitions[0].LogEndOffset);
        Assert.Equal(0, topic.Partitions[3].AppendOk(TestBatch.Create()).BaseOffset);
    }

    [Fact]
    public async Task Incremental_alter_sets_and_removes_single_overrides_and_persists_them()
    {
        await using var dir = TestLogDirectory.Create();
        dir.Manager.CreateTopic("t", 1, new Dictionary<string, string?> { ["retention.ms"] = "1000", ["segment.ms"] = "5000" }, false);

        var result = dir.Manager.AlterConfigs("t", new Dictionary<string, string?> { ["retention.ms"] = null, ["max.message.bytes"] = "2048" }, incremental: true, validateOnly: false);

        Assert.True(result.Succeeded);
        await dir.ReopenAsync();
        Assert.True(dir.Manager.TryGetTopic("t", out var topic));
        Assert.Equal(new Dictionary<string, string> { ["segment.ms"] = "5000", ["max.message.bytes"] = "2048" }, topic.Config.Overrides);
        Assert.Equal(604_800_000, topic.Config.RetentionMs);
    }

    [Fact]
    public async Task Non_incremental_alter_replaces_every_override()
    {
        await using var dir = TestLogDirectory.Create();
        dir.Manager.CreateTopic("t", 1, new Dictionary<string, string?> { ["retention.ms"] = "1000" }, false);

        Assert.True(dir.Manager.AlterConfigs("t", new Dictionary<string, string?> { ["segment.ms"] = "5000" }, incremental: false, validateOnly: false).Succeeded);

        Assert.True(dir.Manager.TryGetTopic("t", out var topic));
        Assert.Equal(new Dictionary<string, string> { ["segment.ms"] = "5000" }, topic.Config.Overrides);
    }

    [Fact]
    public async Task An_invalid_alter_changes_nothing()
    {
        await using var dir = TestLogDirectory.Create();
        dir.Manager.CreateTopic("t", 1, new Dictionary<string, string?> { ["retention.ms"] = "1000" }, false);

        var bad = dir.Manager.AlterConfigs("t", new Dictionary<string, string?> { ["retention.ms"] = "2000", ["segment.bytes"] = "1" }, true, false);
        var unknown = dir.Manager.AlterConfigs("t", new Dictionary<string, string?> { ["bogus"] = null }, true, false);
        var noTopic = dir.Manager.AlterConfigs("none", new Dictionary<string, string?>(), true, false);

        Assert.Equal(ErrorCode.InvalidConfig, bad.Error);
        Assert.Equal(ErrorCode.InvalidConfig, unknown.Error);
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, noTopic.Error);
        Assert.True(dir.Manager.TryGetTopic("t", out var topic));
        Assert.Equal("1000", topic.Config.Overrides["retention.ms"]);
    }

    [Fact]
    public async Task An_altered_config_applies_to_the_next_append()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition("t");
        var batch = TestBatch.Create(valueSize: 200);

        dir.Manager.AlterConfigs("t", new Dictionary<string, string?> { ["max.message.bytes"] = "100" }, true, false);

        Assert.Equal(ErrorCode.MessageTooLarge, log.Append(batch, 0, AppendOrigin.Client).Error);
    }

    [Fact]
    public async Task Describe_reports_each_config_with_its_source()
    {
        await using var dir = TestLogDirectory.Create(new Dictionary<string, string?> { ["log.retention.hours"] = "24", ["log.segment.bytes"] = "1048576" });
        dir.Manager.CreateTopic("t", 1, new Dictionary<string, string?> { ["segment.bytes"] = "2097152" }, false);
        Assert.True(dir.Manager.TryGetTopic("t", out var topic));

        var entries = topic.Config.Describe().ToDictionary(e => e.Name);

        Assert.Equal(TopicConfig.Names.Count, entries.Count);
        Assert.Equal(("2097152", ConfigSource.TopicOverride, false), (entries["segment.bytes"].Value, entries["segment.bytes"].Source, entries["segment.bytes"].IsDefault));
        Assert.Equal(["segment.bytes", "log.segment.bytes", "log.segment.bytes"], entries["segment.bytes"].Synonyms.Select(s => s.Name));
        Assert.Equal(("86400000", ConfigSource.StaticBrokerConfig), (entries["retention.ms"].Value, entries["retention.ms"].Source));
        Assert.Equal("log.retention.hours", entries["retention.ms"].Synonyms[0].Name);
        Assert.Equal(("delete", ConfigSource.Default, true), (entries["cleanup.policy"].Value, entries["cleanup.policy"].Source, entries["cleanup.policy"].IsDefault));
        Assert.Equal(ConfigType.List, entries["cleanup.policy"].Type);
        Assert.All(entries.Values, e => Assert.False(e.IsSensitive || e.ReadOnly));
        Assert.Equal(86_400_000, topic.Config.RetentionMs);
    }

    [Fact]
    public async Task A_broker_default_set_in_hours_is_described_in_ms_with_its_synonym_in_hours_as_written()
    {
        await using var dir = TestLogDirectory.Create(new Dictionary<string, string?> { ["log.retention.hours"] = "24", ["log.roll.hours"] = "2" });
        dir.Manager.CreateTopic("t", 1, new Dictionary<string, string?>(), false);
        Assert.True(dir.Manager.TryGetTopic("t", out var topic));

        var entries = topic.Config.Describe().ToDictionary(e => e.Name);

        Assert.Equal("86400000", entries["retention.ms"].Value);
        Assert.Equal(new ConfigSynonym("log.retention.hours", "24", ConfigSource.StaticBrokerConfig), entries["retention.ms"].Synonyms[0]);
        Assert.Equal("7200000", entries["segment.ms"].Value);
        Assert.Equal(new ConfigSynonym("log.roll.hours", "2", ConfigSource.StaticBrokerConfig), entries["segment.ms"].Synonyms[0]);
    }

    [Theory]
    [InlineData("log.retention.ms", "-5")]
    [InlineData("log.retention.hours", "many")]
    [InlineData("log.segment.bytes", "10")]
    [InlineData("log.retention.check.interval.ms", "0")]
    [InlineData("log.cleaner.enable", "perhaps")]
    public void Invalid_broker_log_settings_are_refused_with_the_broker_key_named(string key, string value)
    {
        Assert.False(BrokerLogDefaults.TryParse(new Dictionary<string, string?> { [key] = value }, out _, out var error));
        Assert.Contains(key, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Broker_retention_settings_follow_kafkas_synonym_order()
    {
        Assert.True(BrokerLogDefaults.TryParse(
            new Dictionary<string, string?> { ["log.retention.hours"] = "1", ["log.retention.minutes"] = "2", ["log.roll.hours"] = "3" },
            out var defaults,
            out _));

        var config = TopicConfig.FromDefaults(defaults);
        Assert.Equal(120_000, config.RetentionMs);
        Assert.Equal(3 * 3_600_000, config.SegmentMs);
    }

    [Fact]
    public async Task A_second_manager_cannot_open_a_directory_in_use()
    {
        await using var dir = TestLogDirectory.Create();

        Assert.Throws<IOException>(() => LogManager.Open(new LogManagerOptions { LogDirectory = dir.Path }, TimeProvider.System, dir.Logs));
    }
}
