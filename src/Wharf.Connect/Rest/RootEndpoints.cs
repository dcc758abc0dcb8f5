using System.Reflection;
using Wharf.Connect.Runtime;

namespace Wharf.Connect.Rest;

/// <summary>GET / (version, commit, kafka_cluster_id), /health (KIP-1017) and /admin/loggers (read-only here).</summary>
internal sealed class RootEndpoints(Func<string?> clusterId)
{
    /// <summary>The Apache Kafka version whose Connect REST API this worker speaks.</summary>
    public const string KafkaVersion = "3.9.0";

    private static readonly string Commit = typeof(RootEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion is { } version && version.Contains('+', StringComparison.Ordinal)
        ? version[(version.IndexOf('+', StringComparison.Ordinal) + 1)..] is { Length: > 16 } hash ? hash[..16] : version[(version.IndexOf('+', StringComparison.Ordinal) + 1)..]
        : "unknown";

    public Task InfoAsync(HttpContext context) => ConnectJson.WriteAsync(context, 200, w =>
    {
        w.WriteStartObject();
        w.WriteString("version", KafkaVersion);
        w.WriteString("commit", Commit);
        if (clusterId() is { } id)
        {
            w.WriteString("kafka_cluster_id", id);
        }
        else
        {
            w.WriteNull("kafka_cluster_id");
        }

        w.WriteEndObject();
    });

    public static Task HealthAsync(HttpContext context) => ConnectJson.WriteAsync(context, 200, w =>
    {
        w.WriteStartObject();
        w.WriteString("status", "healthy");
        w.WriteString("message", "Worker has completed startup and is ready to handle requests.");
        w.WriteEndObject();
    });

    public static Task LoggersAsync(HttpContext context) => ConnectJson.WriteAsync(context, 200, w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("root");
        Level(w);
        w.WriteEndObject();
    });

    public static Task LoggerAsync(HttpContext context, string logger) =>
        logger == "root" ? ConnectJson.WriteAsync(context, 200, Level) : throw new NotFoundException("Logger " + logger + " not found.");

    private static void Level(System.Text.Json.Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("level", "INFO");
        w.WriteNull("last_modified");
        w.WriteEndObject();
    }
}
