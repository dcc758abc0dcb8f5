using Microsoft.Extensions.Logging;

namespace Wharf.RestProxy.Logging;

/// <summary>
/// Every log line of the REST Proxy, with its event id: 1xx server, 2xx produce, 3xx consumers.
/// </summary>
internal static partial class RestProxyLog
{
    [LoggerMessage(100, LogLevel.Information, "REST Proxy listening on {Urls}, talking to Kafka at {BootstrapServers}")]
    public static partial void Listening(ILogger logger, string urls, string bootstrapServers);

    [LoggerMessage(101, LogLevel.Error, "{Method} {Path} failed inside the REST Proxy; answered 500")]
    public static partial void UnexpectedError(ILogger logger, Exception exception, string method, PathString path);

    [LoggerMessage(102, LogLevel.Information, "REST Proxy stopped")]
    public static partial void Stopped(ILogger logger);
}
