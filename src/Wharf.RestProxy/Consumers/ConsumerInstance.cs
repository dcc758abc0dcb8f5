using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Wharf.Clients.Consuming;
using Wharf.RestProxy.Formats;
using Wharf.RestProxy.Logging;

namespace Wharf.RestProxy.Consumers;

/// <summary>
/// One REST consumer instance: one Kafka consumer (librdkafka), owned by this proxy, with everything the API
/// keeps about it. Operations on the Kafka consumer are serialized by an async gate, so a waiting request holds
/// no thread; a records read takes the gate once per poll round, letting commits and seeks in between, as the
/// original's per-partial-read locking does.
/// <para>
/// Offsets: the consumer runs with enable.auto.offset.store=false and the proxy stores the offset of each record
/// only once it is written to a response, so auto-commit, a commit without a body and a close commit exactly what
/// clients were given, never a record still held back (the one that did not fit into max_bytes is kept here,
/// <see cref="PutBack"/>, and answered first by the next read).
/// </para>
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The gate never creates a wait handle, so it holds nothing to release; disposing it at close would strand requests still waiting for it.")]
public sealed class ConsumerInstance
{
    /// <summary>The bound of a Kafka request the proxy waits for (commit, committed offsets, offsets for times); the original's consumer request.timeout.ms.</summary>
    internal static readonly TimeSpan KafkaTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the proxy waits for librdkafka to catch up with a step it takes on its own threads: to fetch a
    /// just-assigned partition (before which a seek is refused), or to revoke a group assignment after unsubscribe.
    /// </summary>
    private static readonly TimeSpan CatchUpLimit = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CatchUpPause = TimeSpan.FromMilliseconds(20);

    private readonly IConsumer<byte[]?, byte[]?> _consumer;
    private readonly NativeRecordPoller _poller;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _closeLock = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Start offsets of a manual assignment, kept until the application position takes over (see <see cref="SeekAssigned"/>).</summary>
    private readonly Dictionary<TopicPartition, Offset> _startOffsets = [];

    /// <summary>The offset of the last record each partition delivered to a client (the v1 commit answer's "consumed").</summary>
    private readonly Dictionary<(string Topic, int Partition), long> _delivered = [];

    private SubscriptionMode _mode;
    private IReadOnlyList<string> _topics = [];
    private string? _pattern;
    private PolledRecord? _pending;

    /// <summary>The last offset of each partition delivered since the gate was taken, stored at <see cref="Exit"/>.</summary>
    private readonly List<(string Topic, int Partition, long Offset)> _unstored = [];
    private bool _closed;
    private Task? _closeTask;
    private int _active;
    private long _lastUsed;

    internal ConsumerInstance(ConsumerInstanceId id, ConsumerInstanceSettings settings, ConsumerBuilder<byte[]?, byte[]?> builder, TimeProvider time, ILogger logger)
    {
        Id = id;
        Settings = settings;
        _time = time;
        _logger = logger;
        _lastUsed = time.GetTimestamp();
        _consumer = builder
            .SetPartitionsAssignedHandler((_, _) => EverAssigned = true)
            .SetPartitionsRevokedHandler((_, partitions) => DropPendingOf(partitions.Select(p => p.TopicPartition)))
            .SetPartitionsLostHandler((_, partitions) => DropPendingOf(partitions.Select(p => p.TopicPartition)))
            .Build();
        _poller = NativeRecordPoller.For(_consumer) ?? throw new InvalidOperationException("This Confluent.Kafka version does not expose its librdkafka handle.");
    }

    private enum SubscriptionMode
    {
        None,
        Topics,
        Pattern,
        Assigned,
    }

    public ConsumerInstanceId Id { get; }

    public ConsumerInstanceSettings Settings { get; }

    public IRecordFormat Format => Settings.Format;

    /// <summary>True once a group assignment has been received (a v1 read waits for the first one, as the v1 consumer's subscribe did).</summary>
    internal bool EverAssigned { get; private set; }

    internal bool IsClosed => Volatile.Read(ref _closed);

    /// <summary>Idle: no request is using the instance and none has for <paramref name="timeout"/>.</summary>
    internal bool IsIdle(TimeSpan timeout) =>
        Volatile.Read(ref _active) == 0 && _time.GetElapsedTime(Interlocked.Read(ref _lastUsed)) >= timeout;

    /// <summary>Marks the instance as in use for a whole request (a read spans many gate entries and backoff pauses).</summary>
    internal UseScope Use()
    {
        Interlocked.Increment(ref _active);
        Touch();
        return new UseScope(this);
    }

    /// <summary>Takes the gate; false when the instance has been closed meanwhile.</summary>
    internal async ValueTask<bool> TryEnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        if (_closed)
        {
            _gate.Release();
            return false;
        }

        Touch();
        return true;
    }

    internal void Exit()
    {
        StoreDelivered();
        Touch();
        _gate.Release();
    }

    /// <summary>The next record: the one held back by the last read first, else what the consumer has ready now (never waits).</summary>
    /// The caller owns the record: it disposes it once written, or puts it back.
    internal PolledRecord? Next()
    {
        if (_pending is { } pending)
        {
            _pending = null;
            return pending;
        }

        try
        {
            return _poller.Poll();
        }
        catch (ConsumeException exception) when (IsMissingTopic(exception.Error.Code))
        {
            // librdkafka reports a subscribed or assigned topic that does not exist (yet) as a consume error; the
            // Java consumer behind the original just returns nothing, and so does the proxy.
            RestProxyLog.TopicNotAvailable(_logger, Id.Group, Id.Name, exception.Error.Reason);
            return null;
        }
    }

    /// <summary>Keeps a record for the next read (it did not fit into this one, or could not be written).</summary>
    internal void PutBack(PolledRecord record) => _pending = record;

    /// <summary>
    /// A record was written to a response: its offset becomes committable once the gate is left (<see cref="Exit"/>),
    /// one store per partition for the whole read rather than one librdkafka call (and its offset list) per record.
    /// Whoever commits takes the gate first, so no commit sees a delivered record's offset unstored.
    /// </summary>
    internal void Delivered(PolledRecord record)
    {
        for (var i = 0; i < _unstored.Count; i++)
        {
            if (_unstored[i].Partition == record.Partition && _unstored[i].Topic == record.Topic)
            {
                _unstored[i] = (record.Topic, record.Partition, record.Offset);
                return;
            }
        }

        _unstored.Add((record.Topic, record.Partition, record.Offset));
    }

    private void StoreDelivered()
    {
        foreach (var (topic, partition, offset) in _unstored)
        {
            _delivered[(topic, partition)] = offset;
            try
            {
                _consumer.StoreOffset(new TopicPartitionOffset(topic, partition, offset + 1));
            }
            catch (KafkaException exception)
            {
                // The partition was revoked while the record travelled (only possible around a rebalance); its new
                // owner starts from the committed offset, so the record is delivered again there.
                RestProxyLog.OffsetNotStored(_logger, Id.Group, Id.Name, topic, partition, exception.Error.Reason);
            }
        }

        _unstored.Clear();
    }

    /// <summary>Subscribes to topics (replacing a topic subscription; an empty list unsubscribes) or to a pattern (Java semantics: the whole name must match).</summary>
    internal async Task SubscribeAsync(IReadOnlyList<string>? topics, string? pattern, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        try
        {
            if (topics is not null)
            {
                if (_mode is SubscriptionMode.Assigned or SubscriptionMode.Pattern)
                {
                    throw ConsumerErrors.MutuallyExclusive();
                }

                if (topics.Count == 0)
                {
                    await UnsubscribeCoreAsync(cancellationToken);
                    return;
                }

                _consumer.Subscribe(topics);
                (_mode, _topics) = (SubscriptionMode.Topics, topics);
            }
            else if (pattern is not null)
            {
                if (_mode is SubscriptionMode.Assigned or SubscriptionMode.Topics)
                {
                    throw ConsumerErrors.MutuallyExclusive();
                }

                // librdkafka treats a subscription starting with '^' as a (POSIX extended) regular expression and
                // finds it anywhere in a name; the anchors make it a whole-name match like Java's Pattern.matches.
                _consumer.Subscribe("^(" + pattern + ")$");
                (_mode, _pattern) = (SubscriptionMode.Pattern, pattern);
            }
        }
        finally
        {
            Leave();
        }
    }

    /// <summary>
    /// v1: the first read of a topic subscribes to it (after checking it exists, 404/40401); the v1 consumer read
    /// one topic for its whole life, so another topic is 409/40901.
    /// </summary>
    internal async Task SubscribeToTopicAsync(string topic, Func<bool> topicExists, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        try
        {
            if (_mode == SubscriptionMode.Topics && _topics is [var only] && only == topic)
            {
                return;
            }

            if (_mode != SubscriptionMode.None)
            {
                throw ConsumerErrors.AlreadySubscribed();
            }

            if (!topicExists())
            {
                throw ConsumerErrors.TopicNotFound();
            }

            _consumer.Subscribe(topic);
            (_mode, _topics) = (SubscriptionMode.Topics, [topic]);
        }
        finally
        {
            Leave();
        }
    }

    /// <summary>The subscribed topics, or the pattern of a pattern subscription; neither when assigned manually.</summary>
    internal async Task<(IReadOnlyList<string> Topics, string? Pattern)> SubscriptionAsync(CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        try
        {
            return _mode switch
            {
                SubscriptionMode.Topics => (_topics, null),
                SubscriptionMode.Pattern => ([], _pattern),
                _ => ([], null),
            };
        }
        finally
        {
            Leave();
        }
    }

    /// <summary>Java's unsubscribe(): ends a subscription and a manual assignment alike.</summary>
    internal async Task UnsubscribeAsync(CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        try
        {
            await UnsubscribeCoreAsync(cancellationToken);
        }
        finally
        {
            Leave();
        }
    }

    internal async Task AssignAsync(IReadOnlyList<TopicPartition> partitions, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        try
        {
            if (_mode is SubscriptionMode.Topics or SubscriptionMode.Pattern)
            {
                throw ConsumerErrors.MutuallyExclusive();
            }

            if (partitions.Count == 0)
            {
                await UnsubscribeCoreAsync(cancellationToken);
                return;
            }

            _startOffsets.Clear();
            DropPending();
            _consumer.Assign(partitions);
            _mode = SubscriptionMode.Assigned;
        }
        finally
        {
            Leave();
        }
    }

    internal async Task<IReadOnlyList<TopicPartition>> AssignmentAsync(CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        try
        {
            return _consumer.Assignment;
        }
        finally
        {
            Leave();
        }
    }

    /// <summary>
    /// Moves positions: explicit offsets, then the first offsets at or after timestamps (a timestamp past the last
    /// record moves to the end, where the original failed with a NullPointerException). Every partition must be
    /// assigned (409/40903 otherwise, as Java's seek throws IllegalStateException).
    /// </summary>
    internal async Task SeekAsync(IReadOnlyList<TopicPartitionOffset> offsets, IReadOnlyList<TopicPartitionTimestamp> timestamps, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        try
        {
            var assignment = _consumer.Assignment;
            CheckAssigned(assignment, offsets.Select(o => o.TopicPartition).Concat(timestamps.Select(t => t.TopicPartition)));
            var targets = new Dictionary<TopicPartition, Offset>();
            foreach (var offset in offsets)
            {
                targets[offset.TopicPartition] = offset.Offset;
            }

            if (timestamps.Count > 0)
            {
                foreach (var found in _consumer.OffsetsForTimes(timestamps, KafkaTimeout))
                {
                    targets[found.TopicPartition] = found.Offset.Value >= 0 ? found.Offset : Offset.End;
                }
            }

            await SeekCoreAsync(assignment, targets, cancellationToken);
        }
        catch (KafkaException exception)
        {
            throw ConsumerErrors.FromKafka(exception.Error);
        }
        finally
        {
            Leave();
        }
    }

    /// <summary>positions/beginning and positions/end: the logical offsets, resolved by librdkafka when fetching resumes.</summary>
    internal async Task SeekToAsync(IReadOnlyList<TopicPartition> partitions, Offset logical, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        try
        {
            var assignment = _consumer.Assignment;
            CheckAssigned(assignment, partitions);
            await SeekCoreAsync(assignment, partitions.ToDictionary(p => p, _ => logical), cancellationToken);
        }
        catch (KafkaException exception)
        {
            throw ConsumerErrors.FromKafka(exception.Error);
        }
        finally
        {
            Leave();
        }
    }

    /// <summary>
    /// Commits. With offsets (the original's reading of its body, KafkaConsumerState.commitOffsets): each entry
    /// names the last record the client processed, so the committed position is offset + 1, synchronously. Without
    /// offsets: everything delivered so far (the stored offsets), synchronously too (the original commits
    /// asynchronously there; waiting makes the 200 mean "committed"). Returns the delivered offsets per partition,
    /// which the v1 answer lists.
    /// </summary>
    internal async Task<IReadOnlyList<(string Topic, int Partition, long Offset)>> CommitAsync(IReadOnlyList<TopicPartitionOffset>? offsets, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        try
        {
            if (offsets is not null)
            {
                if (offsets.Count > 0)
                {
                    _consumer.Commit(offsets.Select(o => new TopicPartitionOffset(o.TopicPartition, o.Offset.Value + 1)));
                }

                return [];
            }

            if (_consumer.Assignment.Count > 0)
            {
                try
                {
                    _consumer.Commit();
                }
                catch (KafkaException exception) when (exception.Error.Code == ErrorCode.Local_NoOffset)
                {
                    // Nothing delivered since the last commit: nothing to do.
                }
            }

            return _delivered.Select(d => (d.Key.Topic, d.Key.Partition, d.Value)).ToList();
        }
        catch (TopicPartitionOffsetException exception)
        {
            throw ConsumerErrors.FromKafka(exception.Results.FirstOrDefault(r => r.Error.IsError)?.Error ?? exception.Error);
        }
        catch (KafkaException exception)
        {
            throw ConsumerErrors.FromKafka(exception.Error);
        }
        finally
        {
            Leave();
        }
    }

    /// <summary>The group's committed offsets for the partitions (whoever committed them); partitions without one are left out.</summary>
    internal async Task<IReadOnlyList<TopicPartitionOffset>> CommittedAsync(IReadOnlyList<TopicPartition> partitions, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        try
        {
            return partitions.Count == 0 ? [] : _consumer.Committed(partitions, KafkaTimeout).Where(o => o.Offset.Value >= 0).ToList();
        }
        catch (KafkaException exception)
        {
            throw ConsumerErrors.FromKafka(exception.Error);
        }
        finally
        {
            Leave();
        }
    }

    /// <summary>
    /// Closes the Kafka consumer once (it commits what was delivered when auto-commit is on, and leaves the group);
    /// waits for the operation in progress, and runs on the thread pool so many instances close in parallel.
    /// </summary>
    internal Task CloseAsync()
    {
        lock (_closeLock)
        {
            return _closeTask ??= Task.Run(CloseCoreAsync);
        }
    }

    private async Task CloseCoreAsync()
    {
        await _gate.WaitAsync();
        try
        {
            Volatile.Write(ref _closed, true);
            DropPending(); // librdkafka's messages go back before its handle does
            try
            {
                _consumer.Close();
            }
            catch (KafkaException exception)
            {
                RestProxyLog.CloseFailed(_logger, exception, Id.Group, Id.Name);
            }
            finally
            {
                _poller.Dispose();
                _consumer.Dispose();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Takes the gate for a management operation, which counts as use until <see cref="Leave"/> (a commit may wait
    /// on Kafka longer than a short instance timeout); 404/40403 when the instance was closed meanwhile.
    /// </summary>
    private async ValueTask EnterAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _active);
        var entered = false;
        try
        {
            entered = await TryEnterAsync(cancellationToken);
        }
        finally
        {
            if (!entered)
            {
                Interlocked.Decrement(ref _active);
            }
        }

        if (!entered)
        {
            throw Http.RestException.ConsumerNotFound();
        }
    }

    private void Leave()
    {
        Exit();
        Interlocked.Decrement(ref _active);
    }

    private void Touch() => Interlocked.Exchange(ref _lastUsed, _time.GetTimestamp());

    /// <summary>
    /// Java's unsubscribe() drops the subscription and the assignment at once. librdkafka keeps a manual assignment
    /// across unsubscribe, so that one is dropped directly; a group assignment it revokes through the rebalance
    /// callback, which runs in a poll (an unassign of our own would race librdkafka's rebalance state and can hang
    /// the consumer's close), so the proxy polls until the revocation has run, dropping records fetched before it.
    /// </summary>
    private async Task UnsubscribeCoreAsync(CancellationToken cancellationToken)
    {
        if (_mode == SubscriptionMode.Assigned)
        {
            _consumer.Unassign();
        }
        else if (_mode != SubscriptionMode.None)
        {
            _consumer.Unsubscribe();
            var started = _time.GetTimestamp();
            while (_consumer.Assignment.Count > 0 && _time.GetElapsedTime(started) < CatchUpLimit)
            {
                try
                {
                    _consumer.Consume(TimeSpan.Zero);
                }
                catch (ConsumeException)
                {
                    // An error event queued before the revocation; the subscription it concerned is gone.
                }

                await Task.Delay(CatchUpPause, _time, cancellationToken);
            }
        }

        (_mode, _topics, _pattern) = (SubscriptionMode.None, [], null);
        DropPending();
        _startOffsets.Clear();
    }

    private static void CheckAssigned(List<TopicPartition> assignment, IEnumerable<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            if (!assignment.Contains(partition))
            {
                throw ConsumerErrors.NotAssigned(partition.Topic, partition.Partition.Value);
            }
        }
    }

    private async Task SeekCoreAsync(List<TopicPartition> assignment, Dictionary<TopicPartition, Offset> targets, CancellationToken cancellationToken)
    {
        if (_mode == SubscriptionMode.Assigned)
        {
            SeekAssigned(assignment, targets);
        }
        else
        {
            foreach (var (partition, offset) in targets)
            {
                await SeekWhenFetchingAsync(new TopicPartitionOffset(partition, offset), cancellationToken);
            }
        }

        DropPendingOf(targets.Keys);
    }

    /// <summary>
    /// A manual assignment moves by being assigned again with explicit start offsets: librdkafka refuses a seek
    /// ("Local: Erroneous state") until it fetches the partition, which right after an assign it does not yet.
    /// The other partitions keep their place: the record held back, else the application position, else the
    /// start offset they were given, else (never read) their committed offset.
    /// </summary>
    private void SeekAssigned(List<TopicPartition> assignment, Dictionary<TopicPartition, Offset> targets)
    {
        var positions = new List<TopicPartitionOffset>(assignment.Count);
        foreach (var partition in assignment)
        {
            Offset offset;
            if (targets.TryGetValue(partition, out var target))
            {
                offset = target;
            }
            else if (_pending is { } pending && pending.Partition == partition.Partition.Value && pending.Topic == partition.Topic)
            {
                offset = pending.Offset;
            }
            else if (_consumer.Position(partition) is { Value: >= 0 } position)
            {
                offset = position;
            }
            else
            {
                offset = _startOffsets.GetValueOrDefault(partition, Offset.Unset);
            }

            _startOffsets[partition] = offset;
            positions.Add(new TopicPartitionOffset(partition, offset));
        }

        DropPending();
        _consumer.Assign(positions);
    }

    /// <summary>A group-assigned partition can be sought once librdkafka fetches it, moments after the assignment.</summary>
    private async Task SeekWhenFetchingAsync(TopicPartitionOffset target, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        while (true)
        {
            try
            {
                _consumer.Seek(target);
                return;
            }
            catch (KafkaException exception) when (exception.Error.Code == ErrorCode.Local_State && _time.GetElapsedTime(started) < CatchUpLimit)
            {
                await Task.Delay(CatchUpPause, _time, cancellationToken);
            }
        }
    }

    private void DropPendingOf(IEnumerable<TopicPartition> partitions)
    {
        if (_pending is { } pending && partitions.Contains(pending.TopicPartition))
        {
            DropPending();
        }
    }

    private void DropPending()
    {
        _pending?.Dispose();
        _pending = null;
    }

    private static bool IsMissingTopic(ErrorCode code) =>
        code is ErrorCode.UnknownTopicOrPart or ErrorCode.Local_UnknownTopic or ErrorCode.Local_UnknownPartition;

    /// <summary>Ends a <see cref="Use"/>.</summary>
    internal readonly struct UseScope(ConsumerInstance instance) : IDisposable
    {
        public void Dispose()
        {
            instance.Touch();
            Interlocked.Decrement(ref instance._active);
        }
    }
}
