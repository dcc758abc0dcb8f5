using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Wharf.Protocol.Messages;
using Wharf.Protocol.Primitives;

namespace Wharf.Testing;

/// <summary>
/// A bare Kafka protocol client over a TCP socket, built on the generated codecs: it sends requests at a chosen
/// version and decodes responses, and it can send arbitrary bytes, so tests can speak exactly the frames a real
/// client would, or malformed ones no client would.
/// </summary>
public sealed class KafkaWireClient : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private int _correlationId;

    private KafkaWireClient(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<KafkaWireClient> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken = default)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(endPoint, cancellationToken);
        return new KafkaWireClient(client);
    }

    public string ClientId { get; set; } = "wharf-wire-client";

    /// <summary>Sends one request and returns the decoded response (and fails the test if it does not decode).</summary>
    public async Task<TResponse> SendAsync<TRequest, TResponse>(TRequest request, short version, CancellationToken cancellationToken = default)
        where TRequest : class, IKafkaRequest<TRequest, TResponse>
        where TResponse : class, IKafkaMessage<TResponse>
    {
        var correlationId = await SendRequestAsync(request, TRequest.ApiKey, version, cancellationToken);
        var frame = await ReadFrameAsync(cancellationToken) ?? throw new IOException("The broker closed the connection instead of answering " + TRequest.ApiKey + " v" + version + ".");
        var api = KafkaApis.Get(TRequest.ApiKey);
        var reader = new KafkaReader(frame);
        var answeredId = ResponseHeader.Read(ref reader, api.ResponseHeaderVersion(version));
        if (answeredId != correlationId)
        {
            throw new InvalidDataException("Expected correlation id " + correlationId + ", got " + answeredId + ".");
        }

        var response = TResponse.Read(ref reader, version);
        if (reader.Failed || !reader.End)
        {
            throw new InvalidDataException(TRequest.ApiKey + " v" + version + " response did not decode: " + (reader.FailureReason ?? reader.Remaining + " bytes left over"));
        }

        return response;
    }

    /// <summary>Encodes and sends a request without waiting; returns its correlation id.</summary>
    public async Task<int> SendRequestAsync(IKafkaMessage request, ApiKey apiKey, short version, CancellationToken cancellationToken = default)
    {
        var correlationId = ++_correlationId;
        await SendRawAsync(EncodeRequest(request, apiKey, version, correlationId, ClientId), cancellationToken);
        return correlationId;
    }

    /// <summary>A whole request frame (length prefix, header of the version's kind, body), as a client sends it.</summary>
    public static byte[] EncodeRequest(IKafkaMessage request, ApiKey apiKey, short version, int correlationId, string? clientId)
    {
        var header = new RequestHeader { ApiKey = (short)apiKey, ApiVersion = version, CorrelationId = correlationId, ClientId = clientId };
        var headerVersion = KafkaApis.Get(apiKey).RequestHeaderVersion(version);
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new KafkaWriter(buffer);
        writer.WriteInt32(header.ComputeSize(headerVersion) + request.ComputeSize(version));
        header.Write(ref writer, headerVersion);
        request.Write(ref writer, version);
        writer.Commit();
        return buffer.WrittenSpan.ToArray();
    }

    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        await _stream.WriteAsync(bytes, cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    /// <summary>Reads one length-prefixed frame (without its prefix), or null when the broker closed the connection.</summary>
    public async Task<byte[]?> ReadFrameAsync(CancellationToken cancellationToken = default)
    {
        var prefix = new byte[4];
        if (!await ReadExactlyAsync(prefix, cancellationToken))
        {
            return null;
        }

        var frame = new byte[BinaryPrimitives.ReadInt32BigEndian(prefix)];
        return await ReadExactlyAsync(frame, cancellationToken) ? frame : null;
    }

    /// <summary>True when the broker closes the connection (reads end) within <paramref name="timeout"/>.</summary>
    public async Task<bool> IsClosedByBrokerAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            var buffer = new byte[1024];
            while (true)
            {
                var read = await _stream.ReadAsync(buffer, cancel.Token);
                if (read == 0)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.ReadExactlyAsync(buffer, cancellationToken);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
