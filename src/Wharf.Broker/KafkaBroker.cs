using System.Net;
using Microsoft.Extensions.Logging;
using Wharf.Broker.Apis;
using Wharf.Broker.Configs;
using Wharf.Broker.Dispatch;
using Wharf.Broker.Groups;
using Wharf.Broker.Logging;
using Wharf.Broker.Network;
using Wharf.Broker.Producers;
using Wharf.Broker.Topics;
using Wharf.Storage;

namespace Wharf.Broker;

/// <summary>
/// The embedded single-node broker: the partition logs, the group coordinator and the Kafka listener, wired
/// together. <see cref="StartAsync"/> recovers the logs and starts listening; disposing stops the listener,
/// closes every connection and shuts the logs down cleanly (so the next start skips recovery).
/// </summary>
public sealed class KafkaBroker : IAsyncDisposable
{
    /// <summary>
    /// The leader epoch of every partition. One node never changes leader, so the epoch is constant; it is
    /// exposed (Metadata v7+, batches, OffsetForLeaderEpoch) so that librdkafka 2.x's position validation works.
    /// </summary>
    public const int LeaderEpoch = 0;

    private readonly LogManager _logs;
    private readonly GroupCoordinator _groups;
    private readonly KafkaServer _server;
    private readonly CancellationTokenSource _stopping;
    private readonly Task _background;

    private KafkaBroker(BrokerIdentity identity, LogManager logs, TopicManager topics, GroupCoordinator groups, KafkaServer server, CancellationTokenSource stopping)
    {
        Identity = identity;
        _logs = logs;
        _groups = groups;
        Topics = topics;
        _server = server;
        _stopping = stopping;
        _background = logs.RunBackgroundTasksAsync(stopping.Token);
    }

    public BrokerIdentity Identity { get; }

    public TopicManager Topics { get; }

    /// <summary>The address the listener is bound to.</summary>
    public IPEndPoint EndPoint => _server.BoundEndPoint;

    public static async Task<KafkaBroker> StartAsync(BrokerOptions options, ILoggerFactory loggers, TimeProvider time, CancellationToken cancellationToken)
    {
        var meta = MetaProperties.LoadOrCreate(options.LogDirectory, options.NodeId);
        var logs = LogManager.Open(options.Log, time, loggers);
        var topics = new TopicManager(logs, options, loggers.CreateLogger<TopicManager>());
        var identity = new BrokerIdentity(options.NodeId, meta.ClusterId, options.AdvertisedHost, options.AdvertisedPort);
        var groups = new GroupCoordinator(options.Groups, ConsumerOffsetsLog.Open(logs), topics, time, loggers);
        await groups.StartAsync(cancellationToken);

        var dispatcher = new RequestDispatcher();
        dispatcher.Register(new ApiVersionsHandler(dispatcher));
        dispatcher.Register(new MetadataHandler(topics, identity));
        dispatcher.Register(new ProduceHandler(topics, loggers.CreateLogger<ProduceHandler>()));
        dispatcher.Register(new FetchHandler(topics, time));
        dispatcher.Register(new ListOffsetsHandler(topics));
        dispatcher.Register(new OffsetForLeaderEpochHandler(topics));
        dispatcher.Register(new InitProducerIdHandler(new ProducerIdAllocator(options.LogDirectory), loggers.CreateLogger<InitProducerIdHandler>()));
        dispatcher.Register(new CreateTopicsHandler(topics, identity));
        dispatcher.Register(new DeleteTopicsHandler(topics));
        dispatcher.Register(new CreatePartitionsHandler(topics, identity));
        dispatcher.Register(new DeleteRecordsHandler(topics));
        dispatcher.Register(new DescribeConfigsHandler(topics, new BrokerConfigDescription(options, identity), identity));
        dispatcher.Register(new AlterConfigsHandler(topics, identity));
        dispatcher.Register(new IncrementalAlterConfigsHandler(topics, identity));
        GroupApis.Register(dispatcher, groups, identity);

        var server = new KafkaServer(new KafkaServerOptions { EndPoint = options.ListenEndPoint, MaxRequestBytes = options.SocketRequestMaxBytes }, dispatcher, loggers);
        try
        {
            await server.StartAsync(cancellationToken);
        }
        catch
        {
            await groups.DisposeAsync();
            await logs.DisposeAsync();
            throw;
        }

        if (identity.AdvertisedPort == 0)
        {
            identity.AdvertisedPort = server.BoundEndPoint.Port;
        }

        BrokerLog.Listening(loggers.CreateLogger("Wharf.Broker"), server.BoundEndPoint, identity.AdvertisedHost, identity.AdvertisedPort);
        return new KafkaBroker(identity, logs, topics, groups, server, new CancellationTokenSource());
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();

        // The coordinator's offset-expiry timer writes to the logs, so it stops before they close.
        await _groups.DisposeAsync();
        await _stopping.CancelAsync();
        try
        {
            await _background;
        }
        catch (OperationCanceledException)
        {
        }

        await _logs.DisposeAsync();
        _stopping.Dispose();
    }
}
