using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Wharf.Broker.Dispatch;
using Wharf.Broker.Logging;
using Wharf.Protocol;
using Wharf.Protocol.Messages;
using Wharf.Protocol.Primitives;

namespace Wharf.Broker.Network;

/// <summary>
/// One client connection. A reader loop cuts the byte stream into frames, decodes each header and starts its
/// handler at once, in arrival order (so two produce requests on one connection append in the order sent);
/// a writer loop awaits the handlers in that same order and writes their responses, so responses leave in
/// request order as Kafka guarantees, while a long-polling fetch never stops the next request from starting.
/// </summary>
internal sealed class KafkaConnection
{
    private readonly ConnectionContext _connection;
    private readonly RequestDispatcher _dispatcher;
    private readonly KafkaServerOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<PendingResponse> _pending;
    private readonly CancellationTokenSource _closed;
    private readonly CancellationToken _serverStopping;

    public KafkaConnection(ConnectionContext connection, RequestDispatcher dispatcher, KafkaServerOptions options, ILogger logger, CancellationToken serverStopping)
    {
        _connection = connection;
        _dispatcher = dispatcher;
        _options = options;
        _logger = logger;
        _pending = Channel.CreateBounded<PendingResponse>(new BoundedChannelOptions(options.MaxInFlightRequestsPerConnection)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        _closed = CancellationTokenSource.CreateLinkedTokenSource(serverStopping, connection.ConnectionClosed);
        _serverStopping = serverStopping;
    }

    public async Task RunAsync()
    {
        BrokerLog.ConnectionOpened(_logger, _connection.ConnectionId, _connection.RemoteEndPoint);

        // Stopping the broker closes every socket at once, as Kafka's shutdown does: otherwise a client that stopped
        // reading would hold a response write, and with it this connection and the broker's shutdown, forever.
        using var abortOnStop = _serverStopping.Register(
            static state => ((ConnectionContext)state!).Abort(new ConnectionAbortedException("The broker is stopping.")),
            _connection);
        var writing = WriteResponsesAsync();
        try
        {
            var reason = await ReadRequestsAsync();
            if (reason is not null)
            {
                BrokerLog.ClosingConnection(_logger, _connection.ConnectionId, _connection.RemoteEndPoint, reason);
                await _closed.CancelAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ConnectionResetException)
        {
        }
        catch (IOException)
        {
        }
        finally
        {
            _pending.Writer.TryComplete();
            await writing;
            await _connection.Transport.Input.CompleteAsync();
            _closed.Dispose();
            BrokerLog.ConnectionClosed(_logger, _connection.ConnectionId, _connection.RemoteEndPoint);
        }
    }

    /// <summary>
    /// Reads frames until the client closes (null) or sends something that ends the connection (the reason).
    /// Each frame is copied out of the input pipe as its bytes arrive (<see cref="FrameAssembler"/>), so the pipe's
    /// blocks go back after every read instead of piling up until a frame's last byte comes in.
    /// </summary>
    private async Task<string?> ReadRequestsAsync()
    {
        var input = _connection.Transport.Input;
        var frame = new FrameAssembler();
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(_closed.Token);
                var buffer = result.Buffer;
                try
                {
                    while (frame.InProgress || buffer.Length >= 4)
                    {
                        if (!frame.InProgress)
                        {
                            var size = ReadFrameSize(buffer);
                            if (size < RequestHeader.FixedPrefixSize || size > _options.MaxRequestBytes)
                            {
                                return "request frame of " + size + " bytes is outside the allowed 8.." + _options.MaxRequestBytes + " (socket.request.max.bytes)";
                            }

                            frame.Begin(size);
                            buffer = buffer.Slice(4);
                        }

                        if (!frame.Append(ref buffer))
                        {
                            break;
                        }

                        var reason = await StartRequestAsync(frame.Take(), frame.Size);
                        if (reason is not null)
                        {
                            return reason;
                        }
                    }
                }
                finally
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    return null;
                }
            }
        }
        finally
        {
            frame.Abandon();
        }
    }

    private static int ReadFrameSize(ReadOnlySequence<byte> buffer)
    {
        Span<byte> prefix = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(prefix);
        return BinaryPrimitives.ReadInt32BigEndian(prefix);
    }

    /// <summary>Decodes the header, starts the handler and queues its response slot; owns <paramref name="frame"/> from here.</summary>
    private async ValueTask<string?> StartRequestAsync(byte[] frame, int size)
    {
        var memory = frame.AsMemory(0, size);
        var (apiKey, apiVersion, correlationId) = PeekHeader(memory.Span);
        if (!_dispatcher.TryGetApi(apiKey, out var api))
        {
            ArrayPool<byte>.Shared.Return(frame);
            return "unknown API key " + apiKey + " (version " + apiVersion + ", correlation id " + correlationId + ")";
        }

        if (!api!.Supports(apiVersion))
        {
            ArrayPool<byte>.Shared.Return(frame);
            if (api.Key != ApiKey.ApiVersions)
            {
                return api.Name + " v" + apiVersion + " is not supported (supported: v" + api.LowestVersion + " to v" + api.HighestVersion + ")";
            }

            // KIP-511: answer an ApiVersions version we do not know with a v0 body listing what we support,
            // so the client retries with a version we speak.
            var fallback = new ApiVersionsResponse { ErrorCode = (short)ErrorCode.UnsupportedVersion, ApiKeys = AdvertisedVersions(_dispatcher) };
            await _pending.Writer.WriteAsync(PendingResponse.Immediate(correlationId, fallback), _closed.Token);
            return null;
        }

        var reader = new KafkaReader(memory);
        var header = RequestHeader.Read(ref reader, api.RequestHeaderVersion(apiVersion));
        if (reader.Failed)
        {
            ArrayPool<byte>.Shared.Return(frame);
            return "malformed " + api.Name + " request header: " + reader.FailureReason;
        }

        var context = new RequestContext(header, api, _connection.RemoteEndPoint, _closed.Token);
        ValueTask<DispatchOutcome> outcome;
        try
        {
            outcome = _dispatcher.DispatchAsync(context, memory[reader.Position..]);
        }
        catch (Exception exception)
        {
            outcome = ValueTask.FromException<DispatchOutcome>(exception);
        }

        await _pending.Writer.WriteAsync(new PendingResponse(context, outcome, frame), _closed.Token);
        return null;
    }

    private static (short ApiKey, short ApiVersion, int CorrelationId) PeekHeader(ReadOnlySpan<byte> frame) =>
        (BinaryPrimitives.ReadInt16BigEndian(frame), BinaryPrimitives.ReadInt16BigEndian(frame[2..]), BinaryPrimitives.ReadInt32BigEndian(frame[4..]));

    internal static List<ApiVersionsResponse.ApiVersion> AdvertisedVersions(RequestDispatcher dispatcher) =>
        dispatcher.Advertised.Select(a => new ApiVersionsResponse.ApiVersion { ApiKey = (short)a.Key, MinVersion = a.LowestVersion, MaxVersion = a.HighestVersion }).ToList();

    private async Task WriteResponsesAsync()
    {
        var output = _connection.Transport.Output;
        using var responses = new ResponseWriter(output);
        var writing = true;
        await foreach (var pending in _pending.Reader.ReadAllAsync())
        {
            DispatchOutcome outcome;
            try
            {
                outcome = await pending.Outcome;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                BrokerLog.HandlerFailed(_logger, exception, pending.Context?.Api.Name ?? "request", pending.Context?.ApiVersion ?? -1, pending.Context?.ClientId);
                outcome = DispatchOutcome.Close("the broker failed to process a request");
            }
            catch (OperationCanceledException)
            {
                outcome = DispatchOutcome.NoResponse;
            }
            finally
            {
                if (pending.Frame is not null)
                {
                    ArrayPool<byte>.Shared.Return(pending.Frame);
                }
            }

            try
            {
                if (!writing)
                {
                    continue;
                }

                if (outcome.CloseReason is not null)
                {
                    BrokerLog.ClosingConnection(_logger, _connection.ConnectionId, _connection.RemoteEndPoint, outcome.CloseReason);
                    writing = false;
                    await _closed.CancelAsync();
                    continue;
                }

                if (outcome.Response is { } response)
                {
                    WriteFrame(responses, pending, response);
                    if (!await responses.FinishAsync())
                    {
                        writing = false;
                        continue;
                    }
                }

                if (!_pending.Reader.TryPeek(out _))
                {
                    var flush = await output.FlushAsync();
                    writing = !flush.IsCompleted && !flush.IsCanceled;
                }
            }
            catch (Exception exception) when (exception is IOException or ConnectionResetException or InvalidOperationException or OperationCanceledException)
            {
                writing = false;
            }
            finally
            {
                pending.Context?.ReleaseResources();
            }
        }

        await output.CompleteAsync();
    }

    private static void WriteFrame(ResponseWriter output, in PendingResponse pending, IKafkaMessage response)
    {
        var headerVersion = pending.ResponseHeaderVersion;
        var size = ResponseHeader.ComputeSize(headerVersion) + response.ComputeSize(pending.ResponseVersion);
        var writer = new KafkaWriter(output);
        writer.WriteInt32(size);
        ResponseHeader.Write(ref writer, pending.CorrelationId, headerVersion);
        response.Write(ref writer, pending.ResponseVersion);
        writer.Commit();
    }

    /// <summary>A request whose response is due, in arrival order.</summary>
    private readonly record struct PendingResponse(RequestContext? Context, ValueTask<DispatchOutcome> Outcome, byte[]? Frame, int CorrelationId, short ResponseVersion, short ResponseHeaderVersion)
    {
        public PendingResponse(RequestContext context, ValueTask<DispatchOutcome> outcome, byte[] frame)
            : this(context, outcome, frame, context.Header.CorrelationId, context.ApiVersion, context.Api.ResponseHeaderVersion(context.ApiVersion))
        {
        }

        /// <summary>A response known before any handler runs, written at version 0 with header v0.</summary>
        public static PendingResponse Immediate(int correlationId, IKafkaMessage response) =>
            new(null, ValueTask.FromResult(DispatchOutcome.Respond(response)), null, correlationId, 0, 0);
    }
}
