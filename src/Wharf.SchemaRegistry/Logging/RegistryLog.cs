using Microsoft.Extensions.Logging;

namespace Wharf.SchemaRegistry.Logging;

/// <summary>Every log line of the Schema Registry, with its event id: 1xx server, 2xx store, 3xx election and forwarding.</summary>
internal static partial class RegistryLog
{
    [LoggerMessage(100, LogLevel.Information, "Schema Registry listening on {Urls} as {Identity}, storing in {Topic} at {BootstrapServers}")]
    public static partial void Listening(ILogger logger, string urls, string identity, string topic, string bootstrapServers);

    [LoggerMessage(101, LogLevel.Error, "{Method} {Path} failed inside the Schema Registry; answered 500")]
    public static partial void UnexpectedError(ILogger logger, Exception exception, string method, PathString path);

    [LoggerMessage(102, LogLevel.Information, "Schema Registry stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(200, LogLevel.Information, "Created the registry topic {Topic} (1 partition, compacted, replication factor {ReplicationFactor})")]
    public static partial void TopicCreated(ILogger logger, string topic, int replicationFactor);

    [LoggerMessage(201, LogLevel.Information, "Read {Topic} up to offset {Offset}: {Subjects} subjects")]
    public static partial void Replayed(ILogger logger, string topic, long offset, int subjects);

    [LoggerMessage(202, LogLevel.Warning, "Skipped the record at offset {Offset} of {Topic}: {Reason}")]
    public static partial void RecordSkipped(ILogger logger, long offset, string topic, string reason);

    [LoggerMessage(203, LogLevel.Warning, "Refused the schema record at offset {Offset} of {Topic} (another writer got there first): {Reason}")]
    public static partial void RecordRefused(ILogger logger, long offset, string topic, string reason);

    [LoggerMessage(204, LogLevel.Warning, "Reading {Topic} failed; retrying: {Reason}")]
    public static partial void ReadFailed(ILogger logger, string topic, string reason);

    [LoggerMessage(205, LogLevel.Information, "A write to {Subject} lost a race with another writer; retrying ({Attempt} of {Attempts})")]
    public static partial void WriteRetried(ILogger logger, string subject, int attempt, int attempts);

    [LoggerMessage(300, LogLevel.Information, "This instance ({Identity}) is now the leader")]
    public static partial void BecameLeader(ILogger logger, string identity);

    [LoggerMessage(301, LogLevel.Information, "This instance ({Identity}) is no longer the leader")]
    public static partial void LostLeadership(ILogger logger, string identity);

    [LoggerMessage(302, LogLevel.Information, "The leader is {Leader}")]
    public static partial void LeaderAnnounced(ILogger logger, string leader);

    [LoggerMessage(303, LogLevel.Warning, "Forwarding {Method} {Path} to the leader {Leader} failed: {Reason}")]
    public static partial void ForwardingFailed(ILogger logger, string method, PathString path, string leader, string reason);

    [LoggerMessage(304, LogLevel.Warning, "The leader election consumer failed; retrying: {Reason}")]
    public static partial void ElectionFailed(ILogger logger, string reason);
}
