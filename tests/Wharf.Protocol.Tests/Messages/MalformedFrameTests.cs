using System.Buffers.Binary;
using System.Reflection;
using Wharf.Protocol.Messages;
using Wharf.Protocol.Primitives;

namespace Wharf.Protocol.Tests.Messages;

/// <summary>
/// Bad frames fed to real message decoders: each leaves the reader failed with a reason, never throws, and
/// allocates nothing in proportion to a length the frame only claims (style rule 2: check every length
/// before allocating; test int.MaxValue, -1 and past-the-end).
/// </summary>
public sealed class MalformedFrameTests
{
    // Decoding a small frame allocates the message objects and a reason string; far below this.
    private const long SmallAllocation = 64 * 1024;

    [Fact]
    public void Classic_array_count_of_int_MaxValue_is_refused()
    {
        var reason = Refuse<MetadataRequest>([0x7F, 0xFF, 0xFF, 0xFF, 0x00, 0x01, (byte)'t'], version: 1);
        Assert.Contains("array length 2147483647 exceeds", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Compact_array_count_of_int_MaxValue_is_refused()
    {
        // Unsigned varint 2^31 (count + 1 = int.MaxValue + 1): 0x80 0x80 0x80 0x80 0x08.
        var reason = Refuse<DeleteGroupsRequest>([0x80, 0x80, 0x80, 0x80, 0x08, 0x00], version: 2);
        Assert.Contains("out of range", reason, StringComparison.Ordinal);

        // Varint int.MaxValue: count int.MaxValue - 1, still far more than the bytes left.
        reason = Refuse<DeleteGroupsRequest>([0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00], version: 2);
        Assert.Contains("exceeds", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Minus_one_is_refused_in_a_non_nullable_array_and_means_null_in_a_nullable_one()
    {
        Assert.Contains("null in a non-nullable array", Refuse<DeleteGroupsRequest>([0xFF, 0xFF, 0xFF, 0xFF], version: 1), StringComparison.Ordinal);
        Assert.Contains("null in a non-nullable array", Refuse<DeleteGroupsRequest>([0x00, 0x00], version: 2), StringComparison.Ordinal);

        // Metadata v1+ allows a null topic list ("all topics"); v0 does not.
        var reader = new KafkaReader(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF });
        var request = MetadataRequest.Read(ref reader, 1);
        Assert.False(reader.Failed, reader.FailureReason);
        Assert.Null(request.Topics);
        Assert.Contains("null in a non-nullable array", Refuse<MetadataRequest>([0xFF, 0xFF, 0xFF, 0xFF], version: 0), StringComparison.Ordinal);
    }

    [Fact]
    public void Minus_two_is_refused_as_an_array_count_a_string_length_and_a_bytes_length()
    {
        Assert.Contains("negative array length -2", Refuse<DeleteGroupsRequest>([0xFF, 0xFF, 0xFF, 0xFE], version: 1), StringComparison.Ordinal);
        Assert.Contains("negative string length -2", Refuse<HeartbeatRequest>([0xFF, 0xFE, 0x00, 0x00, 0x00, 0x00], version: 0), StringComparison.Ordinal);

        // SyncGroup v0 response: ErrorCode, then Assignment bytes with an int32 length of -2.
        Assert.Contains("negative bytes length -2", Refuse<SyncGroupResponse>([0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFE], version: 0), StringComparison.Ordinal);
    }

    [Fact]
    public void String_longer_than_the_rest_of_the_frame_is_refused()
    {
        Assert.Contains("frame ended early", Refuse<HeartbeatRequest>([0x7F, 0xFF, (byte)'a', (byte)'b'], version: 0), StringComparison.Ordinal);
        Assert.Contains("frame ended early", Refuse<HeartbeatRequest>([0x11, (byte)'a', (byte)'b'], version: 4), StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_longer_than_the_rest_of_the_frame_are_refused()
    {
        var reason = Refuse<SyncGroupResponse>([0x00, 0x00, 0x7F, 0xFF, 0xFF, 0xFF, 0x01, 0x02], version: 0);
        Assert.Contains("bytes length 2147483647 exceeds", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_six_byte_varint_is_refused()
    {
        // An unsigned varint never needs more than 5 bytes for 32 bits; here the 5th byte still has its
        // continuation bit set.
        byte[] sixBytes = [0x80, 0x80, 0x80, 0x80, 0x80, 0x01];
        Assert.Contains("malformed unsigned varint", Refuse<HeartbeatRequest>([.. sixBytes, 0x00], version: 4), StringComparison.Ordinal);

        // The same in the count of a tagged-field section (an empty ApiVersions v3 request ends with one).
        Assert.Contains("malformed unsigned varint", Refuse<ApiVersionsRequest>([0x01, 0x01, .. sixBytes], version: 3), StringComparison.Ordinal);
    }

    [Fact]
    public void Tagged_field_larger_than_the_frame_is_refused()
    {
        // ApiVersions v3 request: two empty compact strings, one tagged field (tag 9) claiming 127 bytes.
        var reason = Refuse<ApiVersionsRequest>([0x01, 0x01, 0x01, 0x09, 0x7F, 0xAA, 0xBB], version: 3);
        Assert.Contains("tagged field size 127 exceeds", reason, StringComparison.Ordinal);

        // A known tag too: FinalizedFeaturesEpoch (tag 1) of ApiVersions v3 response, claiming 100 bytes.
        reason = Refuse<ApiVersionsResponse>([0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x64, 0, 0, 0, 0, 0, 0, 0, 1], version: 3);
        Assert.Contains("tagged field size 100 exceeds", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Tagged_field_whose_payload_does_not_fill_its_declared_size_is_refused()
    {
        // FinalizedFeaturesEpoch is an int64, but the tag announces 9 bytes.
        var reason = Refuse<ApiVersionsResponse>([0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x09, 0, 0, 0, 0, 0, 0, 0, 1, 0], version: 3);
        Assert.Contains("did not match its declared size", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Failure_inside_a_long_array_stops_decoding_instead_of_allocating_each_announced_element()
    {
        // A 1 MiB Metadata v0 response announcing as many brokers as it has bytes; the first broker's host is
        // a null string, which v0 does not allow. Decoding must stop there, not build a million empty brokers.
        var frame = new byte[1 << 20];
        frame.AsSpan().Fill(0xFF);
        BinaryPrimitives.WriteInt32BigEndian(frame, frame.Length - 4);

        var reason = Refuse<MetadataResponse>(frame, version: 0);

        Assert.Contains("null in a non-nullable string", reason, StringComparison.Ordinal);
    }

    public static TheoryData<string, short> MessagesAndVersions() => MessageRoundTripTests.MessagesAndVersions();

    [Theory]
    [MemberData(nameof(MessagesAndVersions))]
    public void Every_truncation_of_a_valid_message_is_refused(string messageName, short version)
    {
        var type = typeof(IKafkaMessage).Assembly.GetTypes().Single(t => !t.IsNested && t.Name == messageName);
        typeof(MalformedFrameTests).GetMethod(nameof(RefuseEveryTruncation), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type)
            .Invoke(null, [version]);
    }

    private static void RefuseEveryTruncation<T>(short version) where T : class, IKafkaMessage<T>
    {
        for (var seed = 0; seed < 4; seed++)
        {
            var whole = MessageRoundTripTests.Encode(new MessagePopulator(seed).Create<T>(version), version);
            for (var length = 0; length < whole.Length; length++)
            {
                var reader = new KafkaReader(whole.AsMemory(0, length));
                _ = T.Read(ref reader, version);
                Assert.True(reader.Failed, typeof(T).Name + " v" + version + " cut to " + length + " of " + whole.Length + " bytes was accepted");
                Assert.NotNull(reader.FailureReason);
            }
        }
    }

    /// <summary>Decodes a bad frame; asserts it fails with a reason and small allocations, and returns the reason.</summary>
    private static string Refuse<T>(byte[] frame, short version) where T : class, IKafkaMessage<T>
    {
        Decode<T>(frame, version); // warm up: first calls may allocate for type initialisation
        var before = GC.GetAllocatedBytesForCurrentThread();
        var (failed, reason) = Decode<T>(frame, version);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(failed, typeof(T).Name + " v" + version + " accepted a bad frame");
        Assert.NotNull(reason);
        Assert.True(allocated < SmallAllocation, typeof(T).Name + " v" + version + " allocated " + allocated + " bytes on a bad frame");
        return reason;
    }

    private static (bool Failed, string? Reason) Decode<T>(byte[] frame, short version) where T : class, IKafkaMessage<T>
    {
        var reader = new KafkaReader(frame);
        _ = T.Read(ref reader, version);
        return (reader.Failed, reader.FailureReason);
    }
}
