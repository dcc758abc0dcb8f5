using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Wharf.Clients;

/// <summary>
/// Builds Confluent.Kafka clients for Wharf's services from plain key/value settings (the original's client.*,
/// producer.*, consumer.*, admin.* passthrough), with librdkafka bound to Debian's library and its log lines
/// and errors routed to the service's logger. Keys and values are raw bytes: services do their own formats.
/// </summary>
public sealed class KafkaClientFactory
{
    private readonly ILogger _logger;

    public KafkaClientFactory(ILoggerFactory loggers)
    {
        KafkaClientLibrary.EnsureLoaded();
        _logger = loggers.CreateLogger("Wharf.Clients.Kafka");
    }

    public IProducer<byte[]?, byte[]?> CreateProducer(IReadOnlyDictionary<string, string> settings) =>
        new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig(Copy(settings)))
            .SetLogHandler((_, message) => Log(message))
            .SetErrorHandler((client, error) => Error(client.Name, error))
            .Build();

    public ConsumerBuilder<byte[]?, byte[]?> ConsumerBuilder(IReadOnlyDictionary<string, string> settings) =>
        new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig(Copy(settings)))
            .SetLogHandler((_, message) => Log(message))
            .SetErrorHandler((client, error) => Error(client.Name, error));

    public IAdminClient CreateAdmin(IReadOnlyDictionary<string, string> settings) =>
        new AdminClientBuilder(new AdminClientConfig(Copy(settings)))
            .SetLogHandler((_, message) => Log(message))
            .SetErrorHandler((client, error) => Error(client.Name, error))
            .Build();

    private static Dictionary<string, string> Copy(IReadOnlyDictionary<string, string> settings) => new(settings, StringComparer.Ordinal);

    /// <summary>
    /// A librdkafka log line. It arrives on librdkafka's own threads, also while the client is being built or
    /// destroyed, so the client's name is taken from the line itself: asking the client for it (rd_kafka_name on
    /// its handle) then reads a handle that is not there yet or no more, and crashes the process.
    /// </summary>
    private void Log(LogMessage message)
    {
        var level = ToLevel(message.Level);
        if (_logger.IsEnabled(level))
        {
            ClientsLog.Librdkafka(_logger, level, message.Name, message.Facility, message.Message);
        }
    }

    /// <summary>
    /// librdkafka reports transient trouble (a broker restarting, a connection refused) as errors and retries on
    /// its own; only fatal ones mean the client is broken.
    /// </summary>
    private void Error(string client, Error error)
    {
        if (error.IsFatal)
        {
            ClientsLog.FatalClientError(_logger, client, error.Code, error.Reason);
        }
        else
        {
            ClientsLog.ClientError(_logger, client, error.Code, error.Reason);
        }
    }

    private static LogLevel ToLevel(SyslogLevel level) => level switch
    {
        SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical or SyslogLevel.Error => LogLevel.Warning,
        SyslogLevel.Warning => LogLevel.Information,
        SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Debug,
        _ => LogLevel.Trace,
    };
}

internal static partial class ClientsLog
{
    [LoggerMessage(EventId = 500, Message = "{Client} ({Facility}): {Message}")]
    public static partial void Librdkafka(ILogger logger, LogLevel level, string client, string facility, string message);

    [LoggerMessage(501, LogLevel.Debug, "{Client}: {Code} {Reason} (librdkafka retries on its own)")]
    public static partial void ClientError(ILogger logger, string client, ErrorCode code, string reason);

    [LoggerMessage(502, LogLevel.Error, "{Client} failed for good: {Code} {Reason}")]
    public static partial void FatalClientError(ILogger logger, string client, ErrorCode code, string reason);
}
