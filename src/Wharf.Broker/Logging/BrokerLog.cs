using System.Net;
using Microsoft.Extensions.Logging;

namespace Wharf.Broker.Logging;

/// <summary>
/// Every log line of the broker, with its event id. Ids are grouped by area: 1xx network, 2xx topics and
/// storage, 3xx groups and offsets, 4xx producers. Messages say what happened in words a user understands.
/// </summary>
internal static partial class BrokerLog
{
    [LoggerMessage(100, LogLevel.Information, "Kafka listener on {EndPoint}, advertised to clients as {AdvertisedHost}:{AdvertisedPort}")]
    public static partial void Listening(ILogger logger, EndPoint endPoint, string advertisedHost, int advertisedPort);

    [LoggerMessage(101, LogLevel.Debug, "Connection {ConnectionId} opened from {RemoteEndPoint}")]
    public static partial void ConnectionOpened(ILogger logger, string connectionId, EndPoint? remoteEndPoint);

    [LoggerMessage(102, LogLevel.Debug, "Connection {ConnectionId} from {RemoteEndPoint} closed")]
    public static partial void ConnectionClosed(ILogger logger, string connectionId, EndPoint? remoteEndPoint);

    [LoggerMessage(103, LogLevel.Warning, "Closing connection {ConnectionId} from {RemoteEndPoint}: {Reason}")]
    public static partial void ClosingConnection(ILogger logger, string connectionId, EndPoint? remoteEndPoint, string reason);

    [LoggerMessage(104, LogLevel.Error, "{Api} v{Version} from client '{ClientId}' failed inside the broker; closing the connection")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string api, short version, string? clientId);

    [LoggerMessage(105, LogLevel.Information, "Kafka listener on {EndPoint} stopped; {Connections} connection(s) closed")]
    public static partial void Stopped(ILogger logger, EndPoint? endPoint, int connections);

    [LoggerMessage(200, LogLevel.Information, "Topic {Topic} was created with {Partitions} partition(s) because a client asked for it and auto.create.topics.enable is on")]
    public static partial void TopicAutoCreated(ILogger logger, string topic, int partitions);

    [LoggerMessage(203, LogLevel.Warning, "Rejected a produce to {Topic}-{Partition} from client '{ClientId}': {Error} {Message}")]
    public static partial void ProduceRejected(ILogger logger, string topic, int partition, string? clientId, Wharf.Protocol.ErrorCode error, string? message);

    [LoggerMessage(400, LogLevel.Warning, "Client '{ClientId}' asked for a transactional producer (transactional.id '{TransactionalId}'); the embedded broker does not implement transactions")]
    public static partial void TransactionsNotSupported(ILogger logger, string? clientId, string transactionalId);
}
