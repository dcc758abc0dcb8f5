using System.Collections.Concurrent;
using Confluent.Kafka;
using Wharf.Broker.Tests.Support;
using Wharf.Clients;
using Wharf.Testing;

namespace Wharf.Broker.Tests.Integration;

/// <summary>
/// A consumer group of three Confluent.Kafka consumers that rebalances as members join and leave while records
/// keep arriving. Each member processes a record, then commits it synchronously. At the end every record produced
/// was processed, and no record was processed by anyone at or below an offset already committed for its partition.
/// <para>
/// With cooperative-sticky only the first holds: librdkafka before 2.4.0 (Debian ships 2.0.2) may resume a
/// partition it kept across an incremental rebalance from the offset it first fetched, re-reading records it had
/// already committed (a stale next_fetch_start; librdkafka issues 4637 and 4686, fixed by pull request 4636). The
/// fetch offset is the client's choice, so the broker cannot prevent it.
/// </para>
/// </summary>
public sealed class ConsumerGroupTests : IAsyncLifetime
{
    private const int Partitions = 6;

    private EmbeddedBroker _broker = null!;

    public async ValueTask InitializeAsync()
    {
        KafkaClientLibrary.EnsureLoaded();
        // A member that stops heartbeating is expired after its session timeout; a short one keeps the test short.
        _broker = await EmbeddedBroker.StartAsync(new Dictionary<string, string> { ["group.min.session.timeout.ms"] = "500" });
    }

    public async ValueTask DisposeAsync() => await _broker.DisposeAsync();

    [Theory]
    [InlineData(PartitionAssignmentStrategy.Range)]
    [InlineData(PartitionAssignmentStrategy.CooperativeSticky)]
    public async Task A_group_of_three_rebalancing_as_members_join_and_leave_neither_loses_nor_repeats_committed_records(PartitionAssignmentStrategy strategy)
    {
        var topic = UniqueNames.For("group");
        var group = UniqueNames.For("g");
        await using (var client = await KafkaWireClient.ConnectAsync(_broker.EndPoint, TestContext.Current.CancellationToken))
        {
            await Wire.CreateTopicAsync(client, topic, Partitions);
        }

        var ledger = new Ledger();
        await using var producer = Producer.Start(_broker.BootstrapServers, topic);
        var members = new List<Member>();
        Member Join(string name)
        {
            var member = Member.Start(name, _broker.BootstrapServers, topic, group, strategy, ledger);
            member.MarkOthers(members);
            members.Add(member);
            return member;
        }

        try
        {
            var a = Join("a");
            await Ledger.WaitAsync(() => a.Processed >= 50 && a.Owned == Partitions, "a processes alone", members);
            var b = Join("b");
            await Ledger.WaitAsync(() => b.Processed >= 30 && a.ProcessedSince(b) >= 10 && a.Owned + b.Owned == Partitions && a.Owned > 0 && b.Owned > 0, "a and b share the partitions", members);
            var c = Join("c");
            await Ledger.WaitAsync(() => c.Processed >= 30 && a.ProcessedSince(c) >= 10 && b.ProcessedSince(c) >= 10 && a.Owned > 0 && b.Owned > 0 && c.Owned > 0, "three members", members);
            await a.LeaveAsync();
            var afterLeave = ledger.Processed;
            await Ledger.WaitAsync(() => ledger.Processed >= afterLeave + 100 && b.Owned + c.Owned == Partitions, "b and c take over from a", members);
            var d = Join("d");
            await Ledger.WaitAsync(() => d.Processed >= 30 && b.ProcessedSince(d) >= 10 && c.ProcessedSince(d) >= 10 && b.Owned > 0 && c.Owned > 0 && d.Owned > 0, "three members again", members);
            await b.LeaveAsync();
            await c.LeaveAsync();
            var alone = ledger.Processed;
            await Ledger.WaitAsync(() => ledger.Processed >= alone + 50 && d.Owned == Partitions, "d alone", members);

            var produced = await producer.StopAsync();
            await Ledger.WaitAsync(() => ledger.AllCommitted(produced), "every produced record committed", members, () => ledger.Describe(produced));
            if (strategy != PartitionAssignmentStrategy.CooperativeSticky)
            {
                Assert.Empty(ledger.Violations);
            }
            Assert.True(produced.Values.Sum() > 500, "only " + produced.Values.Sum() + " records were produced");
            Assert.True(ledger.HasProcessedEvery(produced), "a produced record was never processed");
        }
        finally
        {
            foreach (var member in members)
            {
                await member.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_member_that_stops_heartbeating_is_expired_and_the_others_take_over_its_partitions_from_the_committed_offsets()
    {
        var cancel = TestContext.Current.CancellationToken;
        var topic = UniqueNames.For("group");
        var group = UniqueNames.For("g");
        await using var client = await KafkaWireClient.ConnectAsync(_broker.EndPoint, cancel);
        await Wire.CreateTopicAsync(client, topic, Partitions);

        var ledger = new Ledger();
        await using var producer = Producer.Start(_broker.BootstrapServers, topic);
        await using var member = Member.Start("a", _broker.BootstrapServers, topic, group, PartitionAssignmentStrategy.Range, ledger);
        await Ledger.WaitAsync(() => member.Processed >= 50 && member.Owned == Partitions, "a processes alone", [member]);

        // A consumer that joins (JoinGroup v3 joins at once), takes its share in SyncGroup, then goes silent.
        var join = await client.SendAsync<Protocol.Messages.JoinGroupRequest, Protocol.Messages.JoinGroupResponse>(
            new()
            {
                GroupId = group,
                SessionTimeoutMs = 1_000,
                RebalanceTimeoutMs = 1_000,
                MemberId = string.Empty,
                ProtocolType = "consumer",
                Protocols = [new() { Name = "range", Metadata = Subscription(topic) }],
            },
            3,
            cancel).WaitAsync(TimeSpan.FromSeconds(30), cancel);
        Assert.Equal(Protocol.ErrorCode.None, (Protocol.ErrorCode)join.ErrorCode);
        var sync = await client.SendAsync<Protocol.Messages.SyncGroupRequest, Protocol.Messages.SyncGroupResponse>(
            new() { GroupId = group, GenerationId = join.GenerationId, MemberId = join.MemberId }, 3, cancel).WaitAsync(TimeSpan.FromSeconds(30), cancel);
        Assert.Equal(Protocol.ErrorCode.None, (Protocol.ErrorCode)sync.ErrorCode);
        await Ledger.WaitAsync(() => member.Owned is > 0 and < Partitions, "a shares the partitions with the silent member", [member]);

        await Ledger.WaitAsync(() => member.Owned == Partitions, "the silent member is expired and a takes everything back", [member]);
        var produced = await producer.StopAsync();
        await Ledger.WaitAsync(() => ledger.AllCommitted(produced), "every produced record committed", [member], () => ledger.Describe(produced));

        Assert.Empty(ledger.Violations);
        Assert.True(ledger.HasProcessedEvery(produced), "a produced record was never processed");
        Assert.Contains(_broker.Logs.Entries, e => e.Message.Contains(join.MemberId + " removed, no heartbeat", StringComparison.Ordinal));
    }

    /// <summary>ConsumerProtocolSubscription v0 (the consumer protocol's JoinGroup metadata): one topic, no user data.</summary>
    private static byte[] Subscription(string topic)
    {
        var name = System.Text.Encoding.UTF8.GetBytes(topic);
        var metadata = new byte[2 + 4 + 2 + name.Length + 4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(metadata.AsSpan(2), 1);
        System.Buffers.Binary.BinaryPrimitives.WriteInt16BigEndian(metadata.AsSpan(6), (short)name.Length);
        name.CopyTo(metadata.AsSpan(8));
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(metadata.AsSpan(8 + name.Length), -1);
        return metadata;
    }

    /// <summary>What every member processed and committed, checked as it happens.</summary>
    private sealed class Ledger
    {
        private readonly Lock _lock = new();
        private readonly long[] _committed = new long[Partitions];
        private readonly HashSet<(int, long)> _processed = [];
        private int _count;

        public ConcurrentQueue<string> Violations { get; } = new();

        public int Processed => Volatile.Read(ref _count);

        public void OnProcessed(string member, int partition, long offset)
        {
            lock (_lock)
            {
                if (offset < _committed[partition])
                {
                    Violations.Enqueue(member + " processed " + partition + "@" + offset + " after offset " + _committed[partition] + " was committed");
                }

                _processed.Add((partition, offset));
                _count++;
            }
        }

        public void OnCommitted(int partition, long nextOffset)
        {
            lock (_lock)
            {
                _committed[partition] = Math.Max(_committed[partition], nextOffset);
            }
        }

        public bool AllCommitted(IReadOnlyDictionary<int, long> endOffsets)
        {
            lock (_lock)
            {
                return endOffsets.All(e => _committed[e.Key] >= e.Value);
            }
        }

        public bool HasProcessedEvery(IReadOnlyDictionary<int, long> endOffsets)
        {
            lock (_lock)
            {
                return endOffsets.All(e => Enumerable.Range(0, (int)e.Value).All(o => _processed.Contains((e.Key, o))));
            }
        }

        public string Describe(IReadOnlyDictionary<int, long> endOffsets)
        {
            lock (_lock)
            {
                return string.Join(", ", endOffsets.OrderBy(e => e.Key).Select(e => "partition " + e.Key + " committed " + _committed[e.Key] + " of " + e.Value));
            }
        }

        public static async Task WaitAsync(Func<bool> condition, string step, IReadOnlyList<Member> members, Func<string>? detail = null)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (!condition())
            {
                if (members.FirstOrDefault(m => m.Failure is not null) is { } failed)
                {
                    throw new InvalidOperationException("Member " + failed.Name + " failed during step '" + step + "'", failed.Failure);
                }

                Assert.True(DateTime.UtcNow < deadline, "Step '" + step + "' did not complete: " + string.Join(", ", members.Select(m => m.Name + " processed " + m.Processed + " holding " + m.Owned + " refused commits " + string.Join("/", m.CommitErrors.Select(e => e.Key + "=" + e.Value)))) + "; " + detail?.Invoke());
                await Task.Delay(20);
            }
        }
    }

    /// <summary>A consumer on its own thread: consume, process (tell the ledger), commit synchronously.</summary>
    private sealed class Member : IAsyncDisposable
    {
        private readonly CancellationTokenSource _leave = new();
        private readonly ConcurrentDictionary<Member, int> _marks = new();
        private readonly ConcurrentDictionary<int, bool> _owned = new();
        private Task _running = Task.CompletedTask;
        private int _processed;

        private Member(string name) => Name = name;

        public string Name { get; }

        public int Processed => Volatile.Read(ref _processed);

        /// <summary>How many partitions the member holds now.</summary>
        public int Owned => _owned.Count;

        public Exception? Failure { get; private set; }

        /// <summary>Commits the broker refused, by error.</summary>
        public ConcurrentDictionary<ErrorCode, int> CommitErrors { get; } = new();

        /// <summary>Records processed since <paramref name="other"/> started.</summary>
        public int ProcessedSince(Member other) => Processed - other._marks.GetValueOrDefault(this);

        public static Member Start(string name, string bootstrap, string topic, string group, PartitionAssignmentStrategy strategy, Ledger ledger)
        {
            var member = new Member(name);
            member._running = Task.Factory.StartNew(() => member.Run(bootstrap, topic, group, strategy, ledger), TaskCreationOptions.LongRunning);
            return member;
        }

        private void Run(string bootstrap, string topic, string group, PartitionAssignmentStrategy strategy, Ledger ledger)
        {
            try
            {
                using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
                {
                    BootstrapServers = bootstrap,
                    GroupId = group,
                    ClientId = Name,
                    EnableAutoCommit = false,
                    AutoOffsetReset = AutoOffsetReset.Earliest,
                    PartitionAssignmentStrategy = strategy,
                    SessionTimeoutMs = 6_000,
                    HeartbeatIntervalMs = 250,
                    FetchWaitMaxMs = 100,
                })

                // With handlers set, Confluent.Kafka 1.9.3 leaves the group on Close under cooperative-sticky too;
                // without them it sends no LeaveGroup and the group waits for the session timeout.
                .SetPartitionsAssignedHandler((_, partitions) => partitions.ForEach(p => _owned[p.Partition.Value] = true))
                .SetPartitionsRevokedHandler((handle, partitions) => partitions.ForEach(p => _owned.TryRemove(p.Partition.Value, out _)))
                .SetPartitionsLostHandler((handle, partitions) => partitions.ForEach(p => _owned.TryRemove(p.Partition.Value, out _)))
                .Build();
                consumer.Subscribe(topic);
                while (!_leave.IsCancellationRequested)
                {
                    if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is not { } record)
                    {
                        // Idle: commit again what the last commits could not (refused during a rebalance), as an
                        // application would on its next commit; without this the last record of a partition could
                        // stay uncommitted once the producer stops.
                        Commit(() => consumer.Commit(), ledger);
                        continue;
                    }

                    ledger.OnProcessed(Name, record.Partition.Value, record.Offset.Value);
                    Interlocked.Increment(ref _processed);
                    Commit(() => { consumer.Commit(record); return [record.TopicPartitionOffset]; }, ledger, advance: 1);
                }

                consumer.Close();
            }
            catch (Exception exception)
            {
                Failure = exception;
            }
        }

        /// <summary>Commits synchronously; what the broker accepted goes to the ledger, refusals are counted by error.</summary>
        private void Commit(Func<List<TopicPartitionOffset>> commit, Ledger ledger, int advance = 0)
        {
            try
            {
                foreach (var committed in commit())
                {
                    ledger.OnCommitted(committed.Partition.Value, committed.Offset.Value + advance);
                }
            }
            catch (KafkaException exception) when (exception.Error.Code == ErrorCode.Local_NoOffset)
            {
                // Nothing new to commit.
            }
            catch (KafkaException exception)
            {
                // A commit refused during a rebalance: the record may be processed again, which is allowed.
                CommitErrors.AddOrUpdate(exception.Error.Code, 1, (_, count) => count + 1);
            }
        }

        /// <summary>Remembers how many records each member had processed when this one joined.</summary>
        public void MarkOthers(IEnumerable<Member> others)
        {
            foreach (var other in others)
            {
                _marks[other] = other.Processed;
            }
        }

        public async Task LeaveAsync()
        {
            await _leave.CancelAsync();
            await _running;
        }

        public async ValueTask DisposeAsync()
        {
            await LeaveAsync();
            _leave.Dispose();
        }
    }

    /// <summary>Produces keyed records to every partition until stopped; returns each partition's end offset.</summary>
    private sealed class Producer : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentDictionary<int, long> _ends = new();
        private Task _running = Task.CompletedTask;

        public static Producer Start(string bootstrap, string topic)
        {
            var producer = new Producer();
            producer._running = Task.Run(() => producer.RunAsync(bootstrap, topic));
            return producer;
        }

        private async Task RunAsync(string bootstrap, string topic)
        {
            using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrap, Acks = Acks.All, LingerMs = 5 }).Build();
            for (var i = 0; !_stop.IsCancellationRequested; i += 20)
            {
                var sent = await Task.WhenAll(Enumerable.Range(i, 20).Select(n => producer.ProduceAsync(topic, new Message<string, string> { Key = "key-" + n, Value = "value-" + n })));
                foreach (var result in sent)
                {
                    _ends.AddOrUpdate(result.Partition.Value, result.Offset.Value + 1, (_, end) => Math.Max(end, result.Offset.Value + 1));
                }

                await Task.Delay(15);
            }
        }

        public async Task<IReadOnlyDictionary<int, long>> StopAsync()
        {
            await _stop.CancelAsync();
            await _running;
            return _ends.ToDictionary();
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _running;
            _stop.Dispose();
        }
    }
}
