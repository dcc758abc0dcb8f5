using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Wharf.Clients;
using Wharf.SchemaRegistry.Logging;
using Wharf.SchemaRegistry.Storage;

namespace Wharf.SchemaRegistry.Election;

/// <summary>
/// Elects one leader among the instances sharing a cluster and a <c>schema.registry.group.id</c>.
/// <para>
/// Why not Confluent's way: the original joins a Kafka group with its own "sr" protocol, whose group leader picks
/// the registry leader from JSON member metadata. librdkafka only runs the consumer protocol, so Wharf uses what
/// that protocol gives: eligible instances join the group as consumers of a one-partition election topic
/// (wharf.leader.election.topic, default <c>&lt;kafkastore.topic&gt;_leader</c>), and the member assigned
/// partition 0 leads. With the cooperative-sticky assignor the partition stays with a live leader when members come
/// and go, and when it moves it is revoked in one rebalance and assigned in the next, so two live members never hold
/// it at once; a member that stops (or misses its session timeout) loses it to another.
/// The leader announces its URL with a record on that partition; every instance (eligible or not) tails the
/// partition and forwards writes to the URL announced last.
/// </para>
/// <para>
/// The election only keeps writers from contending; ids stay unique without it. A write is complete only when its
/// writer reads it back applied, and <see cref="RegistryState"/> refuses, identically on every instance, a record
/// that reuses an id for another schema or another id for the same schema. So an instance that still believes it
/// leads after losing its session (a zombie) cannot make two instances disagree or hand out a duplicate id: its
/// record is refused, it repairs the key and retries after reading the topic to its end (max id + 1 again).
/// </para>
/// </summary>
internal sealed class LeaderElector : ILeadership, IAsyncDisposable
{
    private const string AnnouncementKey = "leader";

    private readonly ILogger _logger;
    private readonly TopicPartition _partition;
    private readonly IProducer<byte[]?, byte[]?> _producer;
    private readonly IConsumer<byte[]?, byte[]?> _tail;
    private readonly IConsumer<byte[]?, byte[]?>? _member;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private volatile bool _isLeader;
    private volatile Uri? _leaderUrl;

    private LeaderElector(SchemaRegistryOptions options, Uri identity, KafkaClientFactory clients, ILogger logger)
    {
        _logger = logger;
        Identity = identity;
        _partition = new TopicPartition(options.ElectionTopic, 0);
        var common = new Dictionary<string, string>(options.ClientConfig, StringComparer.Ordinal) { ["bootstrap.servers"] = options.BootstrapServers };
        _producer = clients.CreateProducer(new Dictionary<string, string>(common) { ["acks"] = "all", ["linger.ms"] = "0" });
        _tail = clients.ConsumerBuilder(new Dictionary<string, string>(common)
        {
            ["group.id"] = "schema-registry-leader-reader-" + Guid.NewGuid().ToString("N"),
            ["enable.auto.commit"] = "false",
            ["fetch.wait.max.ms"] = "100",
        }).Build();
        if (options.LeaderEligibility)
        {
            _member = clients.ConsumerBuilder(new Dictionary<string, string>(common)
            {
                ["group.id"] = options.GroupId,
                ["enable.auto.commit"] = "false",
                ["auto.offset.reset"] = "latest",
                ["session.timeout.ms"] = "10000",
                ["heartbeat.interval.ms"] = "1000",

                // Sticky: a member joining or leaving does not move the lead from a live leader (no needless flaps).
                ["partition.assignment.strategy"] = "cooperative-sticky",
                ["client.id"] = "schema-registry " + identity,
            })
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => StepDown(partitions.Select(p => p.TopicPartition)))
            .SetPartitionsLostHandler((_, partitions) => StepDown(partitions.Select(p => p.TopicPartition)))
            .Build();
        }
    }

    public Uri Identity { get; }

    public bool IsLeader => _isLeader;

    public Uri? LeaderUrl => _leaderUrl;

    public static async Task<LeaderElector> StartAsync(SchemaRegistryOptions options, Uri identity, KafkaClientFactory clients, ILogger logger)
    {
        var timeout = TimeSpan.FromMilliseconds(options.InitTimeoutMs);
        using (var admin = clients.CreateAdmin(new Dictionary<string, string>(options.ClientConfig, StringComparer.Ordinal) { ["bootstrap.servers"] = options.BootstrapServers }))
        {
            await SchemasTopic.EnsureAsync(admin, options.ElectionTopic, options.TopicReplicationFactor, options.SkipTopicValidation, logger, timeout);
        }

        var elector = new LeaderElector(options, identity, clients, logger);
        elector._tail.Assign(new TopicPartitionOffset(elector._partition, Offset.Beginning));
        elector._loops.Add(Task.Factory.StartNew(elector.TailLoop, TaskCreationOptions.LongRunning));
        if (elector._member is { } member)
        {
            member.Subscribe(options.ElectionTopic);
            elector._loops.Add(Task.Factory.StartNew(() => elector.MemberLoop(member), TaskCreationOptions.LongRunning));
        }

        return elector;
    }

    private void OnAssigned(List<TopicPartition> partitions)
    {
        if (!partitions.Contains(_partition) || _isLeader)
        {
            return;
        }

        _isLeader = true;
        RegistryLog.BecameLeader(_logger, Identity.ToString());
        var announcement = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["url"] = Identity.ToString() });
        _producer.Produce(_partition, new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(AnnouncementKey), Value = announcement }, report =>
        {
            if (report.Error.IsError)
            {
                RegistryLog.ElectionFailed(_logger, "announcing the leader failed: " + report.Error.Reason);
            }
        });
    }

    private void StepDown(IEnumerable<TopicPartition> partitions)
    {
        if (partitions.Contains(_partition))
        {
            StepDown();
        }
    }

    private void StepDown()
    {
        if (_isLeader)
        {
            _isLeader = false;
            RegistryLog.LostLeadership(_logger, Identity.ToString());
        }
    }

    /// <summary>Keeps the group membership alive; the records themselves are read by the tail.</summary>
    private void MemberLoop(IConsumer<byte[]?, byte[]?> member)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                member.Consume(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (KafkaException exception)
            {
                RegistryLog.ElectionFailed(_logger, exception.Error.Reason);
                _stop.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(500));
            }
        }
    }

    private void TailLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var result = _tail.Consume(_stop.Token);
                if (result?.Message?.Value is { } value && Parse(value) is { } url && url != _leaderUrl)
                {
                    _leaderUrl = url;
                    RegistryLog.LeaderAnnounced(_logger, url.ToString());
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (KafkaException exception)
            {
                RegistryLog.ElectionFailed(_logger, exception.Error.Reason);
                _stop.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(500));
            }
        }
    }

    private static Uri? Parse(byte[] value)
    {
        try
        {
            using var document = JsonDocument.Parse(value);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String
                && Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uri) ? uri : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);

        // Closing leaves the group at once, so that another instance takes the lead without waiting for the session timeout.
        _member?.Close();
        _member?.Dispose();
        StepDown();
        _tail.Close();
        _tail.Dispose();
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
        _stop.Dispose();
    }
}
