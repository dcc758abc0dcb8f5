using System.Buffers.Binary;
using Wharf.Protocol;
using Wharf.Protocol.Messages;
using Wharf.Protocol.Primitives;
using Wharf.Testing;

namespace Wharf.Broker.Tests.Integration;

/// <summary>ApiVersions (KIP-35, KIP-511) over a socket: every version the broker speaks, and one it does not.</summary>
public sealed class ApiVersionsTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Old_versions_list_every_api_with_its_version_range(short version)
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, TestContext.Current.CancellationToken);

        var response = await client.SendAsync<ApiVersionsRequest, ApiVersionsResponse>(new ApiVersionsRequest(), version, TestContext.Current.CancellationToken);

        Assert.Equal(ErrorCode.None, (ErrorCode)response.ErrorCode);
        AssertAdvertisesEveryApi(response);
    }

    [Fact]
    public async Task Version_3_is_answered_with_response_header_v0_and_the_same_list()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, TestContext.Current.CancellationToken);

        // SendAsync decodes the answer with header v0 (ApiDescriptor's KIP-511 exception); a v1 header would not decode.
        var response = await client.SendAsync<ApiVersionsRequest, ApiVersionsResponse>(
            new ApiVersionsRequest { ClientSoftwareName = "wharf-tests", ClientSoftwareVersion = "1.0.0" }, 3, TestContext.Current.CancellationToken);

        Assert.Equal(ErrorCode.None, (ErrorCode)response.ErrorCode);
        AssertAdvertisesEveryApi(response);
    }

    [Fact]
    public async Task Version_3_with_an_invalid_client_software_name_is_an_invalid_request()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, TestContext.Current.CancellationToken);

        var response = await client.SendAsync<ApiVersionsRequest, ApiVersionsResponse>(
            new ApiVersionsRequest { ClientSoftwareName = "not valid!", ClientSoftwareVersion = "1.0" }, 3, TestContext.Current.CancellationToken);

        Assert.Equal(ErrorCode.InvalidRequest, (ErrorCode)response.ErrorCode);
    }

    [Fact]
    public async Task An_unknown_version_gets_a_v0_answer_with_UNSUPPORTED_VERSION_listing_the_apis()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, TestContext.Current.CancellationToken);

        // A future client's ApiVersions v99: header v2 (tagged fields), then a body this broker cannot know.
        var frame = new byte[4 + 8 + 2 + 1 + 6];
        BinaryPrimitives.WriteInt32BigEndian(frame, frame.Length - 4);
        BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(4), (short)ApiKey.ApiVersions);
        BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(6), 99);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(8), 4242);
        BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(12), -1);
        await client.SendRawAsync(frame, TestContext.Current.CancellationToken);

        var answer = await client.ReadFrameAsync(TestContext.Current.CancellationToken);
        Assert.NotNull(answer);
        var reader = new KafkaReader(answer);
        Assert.Equal(4242, ResponseHeader.Read(ref reader, 0));
        var response = ApiVersionsResponse.Read(ref reader, 0);
        Assert.False(reader.Failed, reader.FailureReason);
        Assert.True(reader.End);
        Assert.Equal(ErrorCode.UnsupportedVersion, (ErrorCode)response.ErrorCode);
        AssertAdvertisesEveryApi(response);

        // The client retries with a version the broker knows, on the same connection.
        var retried = await client.SendAsync<ApiVersionsRequest, ApiVersionsResponse>(new ApiVersionsRequest(), 0, TestContext.Current.CancellationToken);
        Assert.Equal(ErrorCode.None, (ErrorCode)retried.ErrorCode);
    }

    private static void AssertAdvertisesEveryApi(ApiVersionsResponse response)
    {
        var advertised = response.ApiKeys.ToDictionary(k => (ApiKey)k.ApiKey, k => (k.MinVersion, k.MaxVersion));
        foreach (var api in new[] { ApiKey.Produce, ApiKey.Fetch, ApiKey.ListOffsets, ApiKey.Metadata, ApiKey.OffsetCommit, ApiKey.OffsetFetch, ApiKey.FindCoordinator, ApiKey.JoinGroup, ApiKey.ApiVersions, ApiKey.CreateTopics, ApiKey.InitProducerId })
        {
            var descriptor = KafkaApis.Get(api);
            Assert.Equal((descriptor.LowestVersion, descriptor.HighestVersion), advertised[api]);
        }

        Assert.Equal(response.ApiKeys.OrderBy(k => k.ApiKey).Select(k => k.ApiKey), response.ApiKeys.Select(k => k.ApiKey));
    }
}
