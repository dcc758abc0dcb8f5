using System.Globalization;

namespace Wharf.Clients.Wire;

/// <summary>
/// The <c>host:port,host:port</c> list of <c>bootstrap.servers</c>. As librdkafka and the Java client accept, a server
/// may carry a listener prefix (<c>PLAINTEXT://host:port</c>), which is dropped; a server without a port is on 9092.
/// </summary>
public static class BootstrapServers
{
    public static IReadOnlyList<(string Host, int Port)> Parse(string servers) =>
        servers.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(HostAndPort).ToList();

    private static (string Host, int Port) HostAndPort(string server)
    {
        var scheme = server.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            server = server[(scheme + 3)..];
        }

        var colon = server.LastIndexOf(':');
        return colon > 0 && int.TryParse(server.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? (server[..colon].Trim('[', ']'), port)
            : (server, 9092);
    }
}
