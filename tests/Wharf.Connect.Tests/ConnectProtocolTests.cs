using System.Text;
using Wharf.Connect.Cluster;
using Wharf.Connect.Runtime;

namespace Wharf.Connect.Tests;

/// <summary>Connect's group protocol v0 byte layouts and the leader's eager round-robin assignment.</summary>
public sealed class ConnectProtocolTests
{
    [Fact]
    public void Metadata_is_version_url_and_config_offset_big_endian()
    {
        var bytes = ConnectProtocol.WriteMetadata(new WorkerMetadata("http://a:1/", 5));

        byte[] expected = [0, 0, 0, 11, .. Encoding.UTF8.GetBytes("http://a:1/"), 0, 0, 0, 0, 0, 0, 0, 5];
        Assert.Equal(expected, bytes);
        Assert.Equal(new WorkerMetadata("http://a:1/", 5), ConnectProtocol.ReadMetadata(bytes));
    }

    [Fact]
    public void Assignment_lists_each_connector_once_with_minus_one_for_its_instance_and_its_task_numbers()
    {
        var assignment = new ConnectAssignment(0, "m1", "http://l:1/", 7, ["c"], [new TaskId("c", 1), new TaskId("d", 0)]);

        var bytes = ConnectProtocol.WriteAssignment(assignment);

        byte[] expected =
        [
            0, 0, 0, 0, 0, 2, .. "m1"u8, 0, 11, .. "http://l:1/"u8, 0, 0, 0, 0, 0, 0, 0, 7,
            0, 0, 0, 2,
            0, 1, .. "c"u8, 0, 0, 0, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 1,
            0, 1, .. "d"u8, 0, 0, 0, 1, 0, 0, 0, 0,
        ];
        Assert.Equal(expected, bytes);
        var read = ConnectProtocol.ReadAssignment(bytes)!;
        Assert.Equal(["c"], read.Connectors);
        Assert.Equal([new TaskId("c", 1), new TaskId("d", 0)], read.Tasks);
        Assert.Equal(("m1", "http://l:1/", 7L), (read.Leader, read.LeaderUrl, read.ConfigOffset));
    }

    [Fact]
    public void Truncated_bytes_are_not_an_assignment()
    {
        var bytes = ConnectProtocol.WriteAssignment(new ConnectAssignment(0, "m1", "u", 1, ["c"], []));

        Assert.Null(ConnectProtocol.ReadAssignment(bytes[..^3]));
        Assert.Null(ConnectProtocol.ReadMetadata([0, 0, 0, 9, 1]));
    }

    [Fact]
    public void Connectors_then_tasks_are_dealt_round_robin_over_members_sorted_by_id()
    {
        var members = new Dictionary<string, WorkerMetadata> { ["b"] = new("http://b/", 3), ["a"] = new("http://a/", 3) };

        var result = EagerAssignor.Assign("b", members, 3, new Dictionary<string, int> { ["x"] = 2, ["w"] = 1 });

        Assert.Equal(["w"], result["a"].Connectors);
        Assert.Equal(["x"], result["b"].Connectors);
        Assert.Equal([new TaskId("w", 0), new TaskId("x", 1)], result["a"].Tasks);
        Assert.Equal([new TaskId("x", 0)], result["b"].Tasks);
        Assert.All(result.Values, a => Assert.Equal(("b", "http://b/"), (a.Leader, a.LeaderUrl)));
    }

    [Fact]
    public void A_leader_behind_a_members_config_offset_answers_config_mismatch()
    {
        var members = new Dictionary<string, WorkerMetadata> { ["a"] = new("http://a/", 4), ["b"] = new("http://b/", 9) };

        var result = EagerAssignor.Assign("a", members, 4, new Dictionary<string, int> { ["x"] = 1 });

        Assert.All(result.Values, a => Assert.Equal(ConnectAssignment.ConfigMismatch, a.Error));
        Assert.All(result.Values, a => Assert.Empty(a.Tasks));
    }
}
