using System.Buffers.Binary;
using System.Net.Sockets;
using Wharf.Protocol;
using Wharf.Protocol.Compression;
using Wharf.Protocol.Messages;
using Wharf.Protocol.Primitives;

namespace Wharf.Clients.Wire;

/// <summary>
/// One TCP connection to one broker speaking the Kafka protocol through Wharf's generated codecs: it asks the
/// broker's ApiVersions first and then sends every request at the highest version both sides implement. Requests
/// are pipelined: each is written whole under a lock together with its place in the queue of awaited answers, and
/// one reader hands the broker's answers, which come in request order, to their callers. When the connection
/// breaks, every awaited answer fails with an <see cref="IOException"/> and <see cref="IsBroken"/> says so; the
/// owner connects again.
/// </summary>
public sealed class KafkaWireConnection : IAsyncDisposable
{
    /// <summary>Larger responses are refused (this guards the allocation; a fetch answer is bounded far below it).</summary>
    private const int MaxFrameBytes = 256 * 1024 * 1024;

    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly string _clientId;
    private readonly Dictionary<ApiKey, short> _versions = [];
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Queue<PendingAnswer> _pending = new();
    private readonly Task _reading;
    private int _correlationId;
    private Exception? _failure;

    private KafkaWireConnection(TcpClient client, string clientId, string host, int port)
    {
        _client = client;
        _stream = client.GetStream();
        _clientId = clientId;
        Host = host;
        Port = port;
        _reading = Task.Run(ReadAnswersAsync);
    }

    public string Host { get; }

    public int Port { get; }

    /// <summary>The connection failed or was closed: nothing more can be sent on it.</summary>
    public bool IsBroken => Volatile.Read(ref _failure) is not null;

    /// <summary>Connects and negotiates versions; fails when the broker lacks a version of an API the caller needs.</summary>
    public static async Task<KafkaWireConnection> ConnectAsync(string host, int port, string clientId, IReadOnlyList<ApiKey> required, CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        KafkaWireConnection? connection = null;
        try
        {
            await client.ConnectAsync(host, port, cancellationToken);
            connection = new KafkaWireConnection(client, clientId, host, port);

            // v0 first: every broker answers it, and its answer lists what else the broker implements (KIP-35).
            connection._versions[ApiKey.ApiVersions] = 0;
            var answer = await connection.SendAsync<ApiVersionsRequest, ApiVersionsResponse>(new ApiVersionsRequest(), cancellationToken);
            if ((ErrorCode)answer.ErrorCode != ErrorCode.None)
            {
                throw new IOException("ApiVersions failed at " + host + ":" + port + ": " + (ErrorCode)answer.ErrorCode);
            }

            foreach (var api in answer.ApiKeys)
            {
                if (KafkaApis.TryGet(api.ApiKey, out var ours) && api.MaxVersion >= ours.LowestVersion && api.MinVersion <= ours.HighestVersion)
                {
                    connection._versions[ours.Key] = Math.Min(api.MaxVersion, ours.HighestVersion);
                }
            }

            var missing = required.Where(key => !connection._versions.ContainsKey(key)).ToList();
            if (missing.Count > 0)
            {
                throw new IOException("The broker at " + host + ":" + port + " implements no usable version of " + string.Join(", ", missing));
            }

            return connection;
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
            else
            {
                client.Dispose();
            }

            throw;
        }
    }

    /// <summary>The version requests of this API are sent at.</summary>
    public short VersionOf(ApiKey key) => _versions[key];

    /// <summary>Whether the broker implements some version of this API that Wharf implements too.</summary>
    public bool Supports(ApiKey key) => _versions.ContainsKey(key);

    public async Task<TResponse> SendAsync<TRequest, TResponse>(TRequest request, CancellationToken cancellationToken)
        where TRequest : class, IKafkaRequest<TRequest, TResponse>
        where TResponse : class, IKafkaMessage<TResponse>
    {
        var version = _versions[TRequest.ApiKey];
        var api = KafkaApis.Get(TRequest.ApiKey);
        var answer = new PendingAnswer();
        await WriteAsync(TRequest.ApiKey, request, version, api.RequestHeaderVersion(version), answer, cancellationToken);

        var frame = await answer.Frame.Task.WaitAsync(cancellationToken);
        var reader = new KafkaReader(frame);
        var answeredId = ResponseHeader.Read(ref reader, api.ResponseHeaderVersion(version));
        var response = TResponse.Read(ref reader, version);
        if (answeredId != answer.CorrelationId || reader.Failed)
        {
            throw new IOException(TRequest.ApiKey + " v" + version + " response from " + Host + ":" + Port + " did not decode: " + (reader.FailureReason ?? "correlation id " + answeredId + " instead of " + answer.CorrelationId));
        }

        return response;
    }

    public async ValueTask DisposeAsync()
    {
        Fail(new IOException("The connection to " + Host + ":" + Port + " was closed."));
        _client.Dispose();
        try
        {
            await _reading;
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
            // The reader ends by failing on the closed socket; its callers were failed above.
        }

        // The write lock is not disposed: a caller still waiting for it then finds the failure and gets an IOException
        // like every other caller of a closed connection (a SemaphoreSlim never asked for its wait handle holds none).
    }

    /// <summary>Serializes and writes one request; its answer is queued in the same order as the bytes on the wire.</summary>
    private async Task WriteAsync<TRequest>(ApiKey apiKey, TRequest request, short version, short headerVersion, PendingAnswer answer, CancellationToken cancellationToken)
        where TRequest : class, IKafkaMessage<TRequest>
    {
        // Pooled: a produce request carries its record batches, often hundreds of kilobytes, and a fresh array of
        // that size per request is a large-object allocation, which the GC pays for with a full collection.
        using var buffer = new PooledBufferWriter();
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (_failure is { } failure)
            {
                throw new IOException(failure.Message, failure);
            }

            answer.CorrelationId = ++_correlationId;
            var header = new RequestHeader { ApiKey = (short)apiKey, ApiVersion = version, CorrelationId = answer.CorrelationId, ClientId = _clientId };
            var size = header.ComputeSize(headerVersion) + request.ComputeSize(version);
            buffer.GetSpan(sizeof(int) + size);
            var writer = new KafkaWriter(buffer);
            writer.WriteInt32(size);
            header.Write(ref writer, headerVersion);
            request.Write(ref writer, version);
            writer.Commit();
            lock (_pending)
            {
                // Checked again under the queue's lock: a reader failing meanwhile drains the queue after marking the failure.
                if (_failure is { } justFailed)
                {
                    throw new IOException(justFailed.Message, justFailed);
                }

                _pending.Enqueue(answer);
            }

            try
            {
                // Not cancellable: a request cut half way would leave the stream unusable for the requests after it.
                await _stream.WriteAsync(buffer.WrittenMemory, CancellationToken.None);
            }
            catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
            {
                Fail(exception);
                throw new IOException("Sending to " + Host + ":" + Port + " failed: " + exception.Message, exception);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadAnswersAsync()
    {
        var prefix = new byte[4];
        try
        {
            while (true)
            {
                await _stream.ReadExactlyAsync(prefix);
                var length = BinaryPrimitives.ReadInt32BigEndian(prefix);
                if (length < 4 || length > MaxFrameBytes)
                {
                    throw new IOException("The broker at " + Host + ":" + Port + " sent a frame of " + length + " bytes");
                }

                var frame = new byte[length];
                await _stream.ReadExactlyAsync(frame);
                PendingAnswer? answer;
                lock (_pending)
                {
                    _pending.TryDequeue(out answer);
                }

                if (answer is null)
                {
                    throw new IOException("The broker at " + Host + ":" + Port + " answered a request that was not sent");
                }

                answer.Frame.TrySetResult(frame);
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or EndOfStreamException)
        {
            Fail(exception);
        }
    }

    /// <summary>Marks the connection broken and fails every answer still awaited.</summary>
    private void Fail(Exception cause)
    {
        Interlocked.CompareExchange(ref _failure, cause, null);
        var failure = new IOException("The connection to " + Host + ":" + Port + " failed: " + _failure!.Message, _failure);
        lock (_pending)
        {
            while (_pending.TryDequeue(out var answer))
            {
                answer.Frame.TrySetException(failure);
            }
        }
    }

    private sealed class PendingAnswer
    {
        public int CorrelationId { get; set; }

        public TaskCompletionSource<byte[]> Frame { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
