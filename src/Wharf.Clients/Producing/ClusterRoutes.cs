using System.Collections.Concurrent;
using System.Net.Sockets;
using Wharf.Clients.Wire;
using Wharf.Protocol;
using Wharf.Protocol.Messages;

namespace Wharf.Clients.Producing;

/// <summary>A topic's partitions and their leaders as the cluster last described them, or why it could not.</summary>
internal sealed record TopicRoute(ErrorCode Error, int[] Leaders, long FetchedAt)
{
    public int PartitionCount => Leaders.Length;
}

/// <summary>
/// Where a producer's requests go: each topic's partition leaders (from Metadata, kept until they are older than
/// the metadata max age or a send finds them wrong), the brokers' addresses, and one pipelined connection per
/// broker, made on first use and made again when it breaks. Concurrent lookups of one topic share one request.
/// A topic the cluster lacks is not remembered: the next call asks again, as the Java producer does. Metadata is
/// asked on any live broker connection, else on a connection to a bootstrap server kept for the purpose.
/// </summary>
internal sealed class ClusterRoutes(WireProducerSettings settings, TimeProvider time) : IAsyncDisposable
{
    private static readonly ApiKey[] RequiredApis = [ApiKey.Metadata, ApiKey.Produce];

    private readonly IReadOnlyList<(string Host, int Port)> _bootstrap = BootstrapServers.Parse(settings.BootstrapServers);
    private readonly ConcurrentDictionary<string, Task<TopicRoute>> _topics = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, (string Host, int Port)> _brokers = new();
    private readonly ConcurrentDictionary<int, Task<KafkaWireConnection>> _connections = new();
    private KafkaWireConnection? _bootstrapConnection;
    private int _nextBootstrap;

    /// <summary>The topic's route: the cached one while it is fresh and usable, else a new lookup.</summary>
    public async Task<TopicRoute> GetAsync(string topic, CancellationToken cancellationToken)
    {
        var lookup = _topics.AddOrUpdate(topic, LookupAsync, (name, cached) => IsUsable(cached) ? cached : LookupAsync(name));
        return await lookup.WaitAsync(cancellationToken);
    }

    /// <summary>Drops the topic's route after a send found it wrong (a moved leader, a new partition count).</summary>
    public void Forget(string topic, TopicRoute stale)
    {
        if (_topics.TryGetValue(topic, out var cached) && cached.IsCompletedSuccessfully && ReferenceEquals(cached.Result, stale))
        {
            _topics.TryRemove(KeyValuePair.Create(topic, cached));
        }
    }

    /// <summary>The connection to a broker by node id; a broken one is replaced.</summary>
    public async Task<KafkaWireConnection> ConnectionToAsync(int nodeId, CancellationToken cancellationToken)
    {
        if (!_brokers.TryGetValue(nodeId, out var address))
        {
            throw new IOException("Broker " + nodeId + " is not in the cluster's metadata");
        }

        var connecting = _connections.AddOrUpdate(
            nodeId,
            _ => ConnectAsync(address.Host, address.Port),
            (_, existing) => IsAlive(existing) ? existing : ConnectAsync(address.Host, address.Port));
        return await connecting.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections.Values)
        {
            if (connection.IsCompletedSuccessfully)
            {
                await connection.Result.DisposeAsync();
            }
        }

        _connections.Clear();
        if (Interlocked.Exchange(ref _bootstrapConnection, null) is { } bootstrap)
        {
            await bootstrap.DisposeAsync();
        }
    }

    private bool IsUsable(Task<TopicRoute> cached)
    {
        if (!cached.IsCompleted)
        {
            return true; // a lookup in progress: share it
        }

        return cached.IsCompletedSuccessfully
            && cached.Result.Error == ErrorCode.None
            && time.GetElapsedTime(cached.Result.FetchedAt) < settings.MetadataMaxAge;
    }

    private static bool IsAlive(Task<KafkaWireConnection> connection) =>
        !connection.IsCompleted || (connection.IsCompletedSuccessfully && !connection.Result.IsBroken);

    private async Task<KafkaWireConnection> ConnectAsync(string host, int port)
    {
        using var timeout = new CancellationTokenSource(settings.RequestTimeout);
        return await KafkaWireConnection.ConnectAsync(host, port, settings.ClientId, RequiredApis, timeout.Token);
    }

    private async Task<TopicRoute> LookupAsync(string topic)
    {
        using var timeout = new CancellationTokenSource(settings.RequestTimeout);
        var connection = await AnyConnectionAsync(timeout.Token);
        var request = new MetadataRequest
        {
            Topics = [new MetadataRequest.RequestTopic { Name = topic }],
            AllowAutoTopicCreation = settings.AllowAutoTopicCreation,
        };
        var answer = await connection.SendAsync<MetadataRequest, MetadataResponse>(request, timeout.Token);
        foreach (var broker in answer.Brokers)
        {
            _brokers[broker.NodeId] = (broker.Host, broker.Port);
        }

        var described = answer.Topics.FirstOrDefault(t => t.Name == topic);
        if (described is null)
        {
            return new TopicRoute(ErrorCode.UnknownTopicOrPartition, [], time.GetTimestamp());
        }

        var leaders = new int[described.Partitions.Count == 0 ? 0 : described.Partitions.Max(p => p.PartitionIndex) + 1];
        Array.Fill(leaders, -1);
        foreach (var partition in described.Partitions)
        {
            leaders[partition.PartitionIndex] = partition.LeaderId;
        }

        var error = (ErrorCode)described.ErrorCode;
        if (error == ErrorCode.None && leaders.Length == 0)
        {
            error = ErrorCode.LeaderNotAvailable; // created a moment ago, partitions not placed yet
        }

        return new TopicRoute(error, leaders, time.GetTimestamp());
    }

    /// <summary>A live connection to any broker, for metadata: a known broker's first, else the bootstrap servers in turn.</summary>
    private async Task<KafkaWireConnection> AnyConnectionAsync(CancellationToken cancellationToken)
    {
        foreach (var connection in _connections.Values)
        {
            if (connection.IsCompletedSuccessfully && !connection.Result.IsBroken)
            {
                return connection.Result;
            }
        }

        var kept = Volatile.Read(ref _bootstrapConnection);
        if (kept is { IsBroken: false })
        {
            return kept;
        }

        IOException? last = null;
        for (var tried = 0; tried < _bootstrap.Count; tried++)
        {
            var (host, port) = _bootstrap[(int)((uint)Interlocked.Increment(ref _nextBootstrap) % (uint)_bootstrap.Count)];
            try
            {
                var connection = await KafkaWireConnection.ConnectAsync(host, port, settings.ClientId, RequiredApis, cancellationToken);

                // Only the broken (or missing) connection seen above is replaced: a lookup that connected meanwhile keeps
                // its connection, which other lookups may be using, and this one is let go instead.
                var current = Interlocked.CompareExchange(ref _bootstrapConnection, connection, kept);
                if (current != kept)
                {
                    await connection.DisposeAsync();
                    return current ?? throw new IOException("The producer was closed");
                }

                if (kept is not null)
                {
                    await kept.DisposeAsync();
                }

                return connection;
            }
            catch (Exception exception) when (exception is IOException or SocketException)
            {
                last = new IOException("Bootstrap server " + host + ":" + port + " is unreachable: " + exception.Message, exception);
            }
        }

        throw last ?? new IOException("No bootstrap server is configured");
    }
}
