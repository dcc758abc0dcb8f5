using System.Collections.Concurrent;
using Wharf.Testing;

namespace Wharf.SchemaRegistry.Tests;

/// <summary>Several registries on one cluster: one leader writes, the others forward; ids stay unique through races and a leader change.</summary>
public sealed class ClusterTests
{
    [Fact]
    public async Task Concurrent_registrations_through_two_instances_give_one_id_per_schema_and_one_schema_per_id()
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        await using var first = await EmbeddedSchemaRegistry.StartAsync(broker.BootstrapServers);
        await using var second = await EmbeddedSchemaRegistry.StartAsync(broker.BootstrapServers);
        await WaitForOneLeaderAsync(first, second);
        (await second.Http.RegistryPutAsync("/config", "{\"compatibility\":\"NONE\"}")).AssertOk();

        var answers = new ConcurrentBag<(string Schema, int Id)>();
        var schemas = Enumerable.Range(0, 12).Select(i => "{\"type\":\"fixed\",\"name\":\"F" + i + "\",\"size\":" + (i + 1) + "}").ToList();
        var calls = new List<Task>();
        foreach (var (schema, index) in schemas.Select((s, i) => (s, i)))
        {
            foreach (var instance in new[] { first, second })
            {
                calls.Add(Task.Run(async () => answers.Add((schema, await instance.Http.RegisterAsync("subject-" + (index % 3), schema))), TestContext.Current.CancellationToken));
                calls.Add(Task.Run(async () => answers.Add((schema, await instance.Http.RegisterAsync("other-" + index, schema))), TestContext.Current.CancellationToken));
            }
        }

        await Task.WhenAll(calls);

        var idsBySchema = answers.GroupBy(a => a.Schema).ToDictionary(g => g.Key, g => g.Select(a => a.Id).Distinct().ToList());
        Assert.All(idsBySchema.Values, ids => Assert.Single(ids));
        Assert.Equal(schemas.Count, idsBySchema.Values.Select(ids => ids[0]).Distinct().Count());
        foreach (var (schema, ids) in idsBySchema)
        {
            Assert.Equal(schema, (await first.Http.RegistryGetAsync("/schemas/ids/" + ids[0] + "/schema")).Body);
            Assert.Equal(schema, (await second.Http.RegistryGetAsync("/schemas/ids/" + ids[0] + "/schema")).Body);
        }

        Assert.Equal((await first.Http.RegistryGetAsync("/subjects/subject-0/versions")).Body, (await second.Http.RegistryGetAsync("/subjects/subject-0/versions")).Body);
    }

    [Fact]
    public async Task A_follower_forwards_writes_and_takes_over_when_the_leader_stops()
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        await using var first = await EmbeddedSchemaRegistry.StartAsync(broker.BootstrapServers);
        await first.WaitUntilLeaderAsync();
        await using var second = await EmbeddedSchemaRegistry.StartAsync(broker.BootstrapServers);
        await WaitForOneLeaderAsync(first, second);
        Assert.True(first.Server.IsLeader, "the lead stays with the first instance when another joins");
        var viaFollower = await second.Http.RegisterAsync("orders-value", "\"string\"");
        Assert.Equal(first.Server.Identity, second.Server.LeaderUrl);

        await first.DisposeAsync();
        await second.WaitUntilLeaderAsync();

        var afterTakeover = await second.Http.RegisterAsync("orders-value", "\"bytes\"");
        Assert.True(afterTakeover > viaFollower);
        Assert.Equal("[1,2]", (await second.Http.RegistryGetAsync("/subjects/orders-value/versions")).Body);
        (await second.Http.RegistryPutAsync("/config/orders-value", "{\"compatibility\":\"NONE\"}")).AssertOk();
    }

    [Fact]
    public async Task An_instance_that_may_not_lead_forwards_to_the_one_that_may()
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        await using var leader = await EmbeddedSchemaRegistry.StartAsync(broker.BootstrapServers);
        await using var follower = await EmbeddedSchemaRegistry.StartAsync(broker.BootstrapServers, new Dictionary<string, string> { ["leader.eligibility"] = "false" });
        await leader.WaitUntilLeaderAsync();

        var id = await follower.Http.RegisterAsync("forwarded-value", "\"string\"");
        (await follower.Http.RegistryDeleteAsync("/subjects/forwarded-value")).AssertOk();
        var slashed = await follower.Http.RegisterAsync("with/slash value", "\"bytes\"");
        (await follower.Http.RegistryPutAsync("/config/with%2Fslash%20value?x=1", "{\"compatibility\":\"NONE\"}")).AssertOk();
        Assert.Equal("{\"compatibilityLevel\":\"NONE\"}", (await leader.Http.RegistryGetAsync("/config/with%2Fslash%20value")).Body);
        Assert.Equal(slashed, (await leader.Http.RegistryGetAsync("/subjects/with%2Fslash%20value/versions/1")).AssertOk().GetProperty("id").GetInt32());

        Assert.False(follower.Server.IsLeader);
        (await leader.Http.RegistryGetAsync("/subjects/forwarded-value/versions")).AssertError(System.Net.HttpStatusCode.NotFound, 40401);
        Assert.Equal("\"string\"", (await follower.Http.RegistryGetAsync("/schemas/ids/" + id + "/schema")).Body);
    }

    private static async Task WaitForOneLeaderAsync(EmbeddedSchemaRegistry first, EmbeddedSchemaRegistry second)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!((first.Server.IsLeader ^ second.Server.IsLeader) && first.Server.LeaderUrl is not null && first.Server.LeaderUrl == second.Server.LeaderUrl))
        {
            await Task.Delay(50, deadline.Token);
        }
    }
}
