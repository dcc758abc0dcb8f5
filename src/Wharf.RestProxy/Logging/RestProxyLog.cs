using Microsoft.Extensions.Logging;

namespace Wharf.RestProxy.Logging;

/// <summary>
/// Every log line of the REST Proxy, with its event id: 1xx server, 2xx produce, 3xx consumers.
/// </summary>
internal static partial class RestProxyLog
{
    [LoggerMessage(100, LogLevel.Information, "REST Proxy listening on {Urls}, talking to Kafka at {BootstrapServers}")]
    public static partial void Listening(ILogger logger, string urls, string bootstrapServers);

    [LoggerMessage(103, LogLevel.Information, "Producing through {Client} ({Why})")]
    public static partial void ProducingThrough(ILogger logger, string client, string why);

    [LoggerMessage(101, LogLevel.Error, "{Method} {Path} failed inside the REST Proxy; answered 500")]
    public static partial void UnexpectedError(ILogger logger, Exception exception, string method, PathString path);

    [LoggerMessage(102, LogLevel.Information, "REST Proxy stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(300, LogLevel.Information, "Consumer instance {Instance} created in group {Group} (format {Format}, API v{ApiVersion})")]
    public static partial void ConsumerCreated(ILogger logger, string group, string instance, string format, int apiVersion);

    [LoggerMessage(301, LogLevel.Information, "Consumer instance {Instance} of group {Group} deleted")]
    public static partial void ConsumerDeleted(ILogger logger, string group, string instance);

    [LoggerMessage(302, LogLevel.Information, "Consumer instance {Instance} of group {Group} expired after {IdleMs} ms without requests; closing it")]
    public static partial void ConsumerExpired(ILogger logger, string group, string instance, int idleMs);

    [LoggerMessage(303, LogLevel.Information, "Closed {Count} consumer instances at shutdown")]
    public static partial void ConsumersClosed(ILogger logger, int count);

    [LoggerMessage(304, LogLevel.Warning, "Closing consumer instance {Instance} of group {Group} failed; its group membership ends when the session times out")]
    public static partial void CloseFailed(ILogger logger, Exception exception, string group, string instance);

    [LoggerMessage(305, LogLevel.Debug, "Consumer instance {Instance} of group {Group}: {Reason} (no records from it until it exists)")]
    public static partial void TopicNotAvailable(ILogger logger, string group, string instance, string reason);

    [LoggerMessage(306, LogLevel.Debug, "Consumer instance {Instance} of group {Group}: offset of {Topic}-{Partition} not stored: {Reason}")]
    public static partial void OffsetNotStored(ILogger logger, string group, string instance, string topic, int partition, string reason);

    [LoggerMessage(307, LogLevel.Information, "Consumer instance {Instance} of group {Group}: read ended early on a Kafka error after records were written: {Reason}")]
    public static partial void ReadEndedByError(ILogger logger, string group, string instance, string reason);

    [LoggerMessage(308, LogLevel.Warning, "{Count} consumer instances were still closing after {Seconds} s at shutdown; their group memberships end when their sessions time out")]
    public static partial void ClosesUnfinished(ILogger logger, int count, int seconds);
}
