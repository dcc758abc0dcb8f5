using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wharf.Broker.Dispatch;
using Wharf.Broker.Logging;

namespace Wharf.Broker.Network;

/// <summary>
/// The Kafka listener: Kestrel's socket transport (System.IO.Pipelines over sockets, pooled memory) without the
/// HTTP stack. One task per connection; stopping unbinds, closes every connection and waits for them.
/// </summary>
public sealed class KafkaServer : IAsyncDisposable
{
    private readonly KafkaServerOptions _options;
    private readonly RequestDispatcher _dispatcher;
    private readonly ILogger _logger;
    private readonly SocketTransportFactory _transport;
    private readonly ConcurrentDictionary<string, Task> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private IConnectionListener? _listener;
    private Task? _accepting;

    public KafkaServer(KafkaServerOptions options, RequestDispatcher dispatcher, ILoggerFactory loggers)
    {
        _options = options;
        _dispatcher = dispatcher;
        _logger = loggers.CreateLogger("Wharf.Broker.Network");
        _transport = new SocketTransportFactory(
            Options.Create(new SocketTransportOptions
            {
                NoDelay = true,

                // Frames are copied out of the input pipe as their bytes arrive (KafkaConnection), so the pipe
                // only bridges the socket and the frame reader; past this the transport stops reading the socket
                // and TCP pushes back on the client. Kept small because the pipe's 4 KiB blocks come from the
                // shared array pool, which keeps a few dozen per core: a pipe holding megabytes drew fresh blocks
                // and produced a byte of garbage per byte received.
                MaxReadBufferSize = KafkaServerOptions.InputBufferBytes,
                MaxWriteBufferSize = KafkaServerOptions.OutputBufferBytes,
            }),
            loggers);
    }

    /// <summary>The address actually bound (the port is known here when the options asked for port 0).</summary>
    public IPEndPoint BoundEndPoint => _listener?.EndPoint as IPEndPoint ?? throw new InvalidOperationException("The server is not started.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _listener = await _transport.BindAsync(_options.EndPoint, cancellationToken);
        }
        catch (AddressInUseException exception)
        {
            throw new IOException("The Kafka listener cannot bind " + _options.EndPoint + ": the address is already in use (is another broker running? set listeners to another port).", exception);
        }
        catch (SocketException exception)
        {
            // For example an address of another machine (EADDRNOTAVAIL) or a privileged port (EACCES).
            throw new IOException("The Kafka listener cannot bind " + _options.EndPoint + ": " + exception.Message + " (check listeners).", exception);
        }

        _accepting = AcceptAsync(_listener);
    }

    private async Task AcceptAsync(IConnectionListener listener)
    {
        while (true)
        {
            ConnectionContext? connection;
            try
            {
                connection = await listener.AcceptAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            if (connection is null)
            {
                return;
            }

            _connections[connection.ConnectionId] = RunConnectionAsync(connection);
        }
    }

    private async Task RunConnectionAsync(ConnectionContext connection)
    {
        await Task.Yield();
        try
        {
            await new KafkaConnection(connection, _dispatcher, _options, _logger, _stopping.Token).RunAsync();
        }
        finally
        {
            await connection.DisposeAsync();
            _connections.TryRemove(connection.ConnectionId, out _);
        }
    }

    public async Task StopAsync()
    {
        if (_listener is null || _stopping.IsCancellationRequested)
        {
            return;
        }

        var endPoint = _listener.EndPoint;
        await _listener.UnbindAsync();
        await _stopping.CancelAsync();
        if (_accepting is not null)
        {
            await _accepting;
        }

        var open = _connections.Values.ToArray();
        await Task.WhenAll(open);
        await _listener.DisposeAsync();
        BrokerLog.Stopped(_logger, endPoint, open.Length);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }
}
