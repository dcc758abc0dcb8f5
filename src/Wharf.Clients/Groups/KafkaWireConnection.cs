using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using Wharf.Protocol;
using Wharf.Protocol.Messages;
using Wharf.Protocol.Primitives;

namespace Wharf.Clients.Groups;

/// <summary>
/// One TCP connection to one broker speaking the Kafka protocol through Wharf's generated codecs: it asks the
/// broker's ApiVersions first and then sends every request at the highest version both sides implement. Requests
/// go one at a time (a group member never needs more in flight).
/// </summary>
internal sealed class KafkaWireConnection : IAsyncDisposable
{
    /// <summary>Larger responses are refused (a group's JoinGroup answer is far smaller; this guards the allocation).</summary>
    private const int MaxFrameBytes = 64 * 1024 * 1024;

    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly string _clientId;
    private readonly Dictionary<ApiKey, short> _versions = [];
    private int _correlationId;

    private KafkaWireConnection(TcpClient client, string clientId)
    {
        _client = client;
        _stream = client.GetStream();
        _clientId = clientId;
    }

    public string Host { get; private init; } = string.Empty;

    public int Port { get; private init; }

    /// <summary>Connects and negotiates versions; fails when the broker lacks a version of an API the caller needs.</summary>
    public static async Task<KafkaWireConnection> ConnectAsync(string host, int port, string clientId, IReadOnlyList<ApiKey> required, CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(host, port, cancellationToken);
            var connection = new KafkaWireConnection(client, clientId) { Host = host, Port = port };

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
            client.Dispose();
            throw;
        }
    }

    /// <summary>The version requests of this API are sent at.</summary>
    public short VersionOf(ApiKey key) => _versions[key];

    public async Task<TResponse> SendAsync<TRequest, TResponse>(TRequest request, CancellationToken cancellationToken)
        where TRequest : class, IKafkaRequest<TRequest, TResponse>
        where TResponse : class, IKafkaMessage<TResponse>
    {
        var version = _versions[TRequest.ApiKey];
        var api = KafkaApis.Get(TRequest.ApiKey);
        var correlationId = ++_correlationId;
        var header = new RequestHeader { ApiKey = (short)TRequest.ApiKey, ApiVersion = version, CorrelationId = correlationId, ClientId = _clientId };
        var headerVersion = api.RequestHeaderVersion(version);
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new KafkaWriter(buffer);
        writer.WriteInt32(header.ComputeSize(headerVersion) + request.ComputeSize(version));
        header.Write(ref writer, headerVersion);
        request.Write(ref writer, version);
        writer.Commit();
        await _stream.WriteAsync(buffer.WrittenMemory, cancellationToken);

        var prefix = new byte[4];
        await _stream.ReadExactlyAsync(prefix, cancellationToken);
        var length = BinaryPrimitives.ReadInt32BigEndian(prefix);
        if (length < 0 || length > MaxFrameBytes)
        {
            throw new IOException("The broker at " + Host + ":" + Port + " sent a frame of " + length + " bytes");
        }

        var frame = new byte[length];
        await _stream.ReadExactlyAsync(frame, cancellationToken);
        var reader = new KafkaReader(frame);
        var answeredId = ResponseHeader.Read(ref reader, api.ResponseHeaderVersion(version));
        var response = TResponse.Read(ref reader, version);
        if (answeredId != correlationId || reader.Failed)
        {
            throw new IOException(TRequest.ApiKey + " v" + version + " response from " + Host + ":" + Port + " did not decode: " + (reader.FailureReason ?? "correlation id " + answeredId + " instead of " + correlationId));
        }

        return response;
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
