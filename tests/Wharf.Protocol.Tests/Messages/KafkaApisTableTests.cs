using Wharf.Protocol.Messages;

namespace Wharf.Protocol.Tests.Messages;

/// <summary>
/// The version ranges the broker advertises in ApiVersions come from the .kmsg files. This pins them, so that an
/// edit to a description cannot silently change what clients are told (they pick the highest common version).
/// </summary>
public sealed class KafkaApisTableTests
{
    // key, name, lowest, highest, first flexible version (-1: none)
    private static readonly (short Key, string Name, short Lowest, short Highest, short FlexibleFrom)[] Expected =
    [
        (0, "Produce", 0, 10, 9),
        (1, "Fetch", 4, 12, 12),
        (2, "ListOffsets", 0, 7, 6),
        (3, "Metadata", 0, 12, 9),
        (8, "OffsetCommit", 0, 8, 8),
        (9, "OffsetFetch", 0, 7, 6),
        (10, "FindCoordinator", 0, 3, 3),
        (11, "JoinGroup", 0, 7, 6),
        (12, "Heartbeat", 0, 4, 4),
        (13, "LeaveGroup", 0, 4, 4),
        (14, "SyncGroup", 0, 5, 4),
        (15, "DescribeGroups", 0, 5, 5),
        (16, "ListGroups", 0, 4, 3),
        (18, "ApiVersions", 0, 3, 3),
        (19, "CreateTopics", 0, 7, 5),
        (20, "DeleteTopics", 0, 5, 4),
        (21, "DeleteRecords", 0, 2, 2),
        (22, "InitProducerId", 0, 4, 2),
        (23, "OffsetForLeaderEpoch", 0, 4, 4),
        (32, "DescribeConfigs", 0, 4, 4),
        (33, "AlterConfigs", 0, 2, 2),
        (37, "CreatePartitions", 0, 3, 2),
        (42, "DeleteGroups", 0, 2, 2),
        (44, "IncrementalAlterConfigs", 0, 1, 1),
        (47, "OffsetDelete", 0, 0, -1),
    ];

    [Fact]
    public void Advertised_apis_and_versions_are_exactly_the_agreed_ones()
    {
        var actual = KafkaApis.All.Select(a => ((short)a.Key, a.Name, a.LowestVersion, a.HighestVersion, a.FlexibleFrom)).ToArray();

        Assert.Equal(Expected, actual);
    }

    [Fact]
    public void Each_codec_implements_the_versions_its_api_advertises()
    {
        foreach (var api in KafkaApis.All)
        {
            foreach (var suffix in new[] { "Request", "Response" })
            {
                var type = typeof(KafkaApis).Assembly.GetType("Wharf.Protocol.Messages." + api.Name + suffix)!;
                Assert.Equal(api.LowestVersion, (short)type.GetProperty("LowestVersion")!.GetValue(null)!);
                Assert.Equal(api.HighestVersion, (short)type.GetProperty("HighestVersion")!.GetValue(null)!);
                var isFlexible = type.GetMethod("IsFlexible")!;
                for (var version = api.LowestVersion; version <= api.HighestVersion; version++)
                {
                    Assert.Equal(api.IsFlexible(version), (bool)isFlexible.Invoke(null, [version])!);
                }
            }
        }
    }

    [Fact]
    public void Offset_store_records_keep_the_versions_of_Kafkas_group_coordinator()
    {
        // The committed-offset store writes these; changing their versions would change stored bytes.
        Assert.Equal((0, 1), (OffsetCommitKey.LowestVersion, OffsetCommitKey.HighestVersion));
        Assert.False(OffsetCommitKey.IsFlexible(1));
        Assert.Equal((0, 4), (OffsetCommitValue.LowestVersion, OffsetCommitValue.HighestVersion));
        Assert.False(OffsetCommitValue.IsFlexible(3));
        Assert.True(OffsetCommitValue.IsFlexible(4));
    }

    [Fact]
    public void Only_ApiVersions_answers_with_response_header_v0_in_flexible_versions()
    {
        Assert.Equal(0, KafkaApis.Get(ApiKey.ApiVersions).ResponseHeaderVersion(3));
        Assert.Equal(1, KafkaApis.Get(ApiKey.Fetch).ResponseHeaderVersion(12));
        Assert.Equal(0, KafkaApis.Get(ApiKey.Fetch).ResponseHeaderVersion(11));
        Assert.Equal(2, KafkaApis.Get(ApiKey.Produce).RequestHeaderVersion(9));
        Assert.False(KafkaApis.Get(ApiKey.OffsetDelete).IsFlexible(0));
    }
}
