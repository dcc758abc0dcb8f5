using Wharf.Broker.Logging;
using Wharf.Protocol;
using Wharf.Protocol.Messages;

namespace Wharf.Broker.Groups;

// Committed offsets (Kafka's OffsetMetadataManager for one group): commit, fetch, delete, expire, replay.
// Every change is written to the offset log before it is applied, under the group's lock.
internal sealed partial class ClassicGroup
{
    private readonly Dictionary<string, Dictionary<int, CommittedOffset>> _offsets = new(StringComparer.Ordinal);

    // Topics the members of the current generation subscribe to (consumer protocol only); null when unknown.
    private HashSet<string>? _subscribedTopics;

    public int OffsetCount => _offsets.Values.Sum(p => p.Count);

    /// <summary>OffsetCommit. Unknown partitions are refused first, as Kafka's request handler does before the group is consulted.</summary>
    public OffsetCommitResponse Commit(OffsetCommitRequest request)
    {
        var groupError = ValidateOffsetCommit(request.MemberId, request.GroupInstanceId, request.GenerationIdOrMemberEpoch);
        if (groupError == ErrorCode.None && State is (GroupState.Stable or GroupState.PreparingRebalance) &&
            _members.TryGetValue(request.MemberId, out var member))
        {
            // In the classic protocol a commit also keeps the member's session.
            member.Session.Schedule(member.SessionTimeoutMs);
        }

        var now = Services.NowMs;
        // v2-4 carry a retention time; -1 (and every other version) leaves expiry to offsets.retention.minutes.
        var expireAt = request.RetentionTimeMs < 0 ? -1 : SaturatingAdd(now, request.RetentionTimeMs);
        var response = new OffsetCommitResponse();
        var records = new List<OffsetLogRecord>();
        var accepted = new List<(string Topic, int Partition, CommittedOffset Offset, OffsetCommitResponse.Partition Result)>();
        foreach (var topic in request.Topics)
        {
            var topicResult = new OffsetCommitResponse.Topic { Name = topic.Name };
            response.Topics.Add(topicResult);
            foreach (var partition in topic.Partitions)
            {
                var result = new OffsetCommitResponse.Partition { PartitionIndex = partition.PartitionIndex };
                topicResult.Partitions.Add(result);
                var metadata = partition.CommittedMetadata ?? string.Empty;
                var error = !PartitionExists(topic.Name, partition.PartitionIndex) ? ErrorCode.UnknownTopicOrPartition
                    : groupError != ErrorCode.None ? groupError
                    : metadata.Length > Services.Options.OffsetMetadataMaxBytes ? ErrorCode.OffsetMetadataTooLarge
                    : ErrorCode.None;
                result.ErrorCode = (short)error;
                if (error != ErrorCode.None)
                {
                    continue;
                }

                var offset = new CommittedOffset(partition.CommittedOffset, partition.CommittedLeaderEpoch, metadata, now, expireAt);
                records.Add(new OffsetLogRecord(OffsetRecordCodec.EncodeKey(Id, topic.Name, partition.PartitionIndex), OffsetRecordCodec.EncodeValue(offset), now));
                accepted.Add((topic.Name, partition.PartitionIndex, offset, result));
            }
        }

        if (!TryAppend(records))
        {
            foreach (var (_, _, _, result) in accepted)
            {
                result.ErrorCode = (short)ErrorCode.NotCoordinator;
            }

            return response;
        }

        foreach (var (topic, partition, offset, _) in accepted)
        {
            Store(topic, partition, offset);
        }

        return response;
    }

    /// <summary>Kafka's ClassicGroup.validateOffsetCommit.</summary>
    private ErrorCode ValidateOffsetCommit(string memberId, string? instanceId, int generation)
    {
        if (generation < 0 && State == GroupState.Empty)
        {
            // Admin clients and consumers that assign partitions themselves commit with generation -1.
            return ErrorCode.None;
        }

        if (generation >= 0 || memberId.Length > 0 || instanceId is not null)
        {
            var error = ValidateMember(memberId, instanceId);
            if (error != ErrorCode.None)
            {
                return error;
            }

            if (generation != Generation)
            {
                return ErrorCode.IllegalGeneration;
            }
        }
        else if (State != GroupState.Empty)
        {
            // No member id and no generation (v0): only an empty group takes it.
            return ErrorCode.UnknownMemberId;
        }

        // The member has its join response but the generation has no assignment yet.
        return State == GroupState.CompletingRebalance ? ErrorCode.RebalanceInProgress : ErrorCode.None;
    }

    private bool PartitionExists(string topic, int partition) =>
        Services.Topics.TryGetPartitionCount(topic, out var count) && partition >= 0 && partition < count;

    /// <summary>OffsetFetch for the listed partitions (-1 where nothing is committed), or for all when <paramref name="topics"/> is null.</summary>
    public List<OffsetFetchResponse.Topic> Fetch(List<OffsetFetchRequest.Topic>? topics)
    {
        var result = new List<OffsetFetchResponse.Topic>();
        if (topics is null)
        {
            foreach (var (topic, partitions) in _offsets)
            {
                var topicResult = new OffsetFetchResponse.Topic { Name = topic };
                foreach (var (partition, offset) in partitions.OrderBy(p => p.Key))
                {
                    topicResult.Partitions.Add(Fetched(partition, offset));
                }

                result.Add(topicResult);
            }

            return result;
        }

        foreach (var topic in topics)
        {
            var topicResult = new OffsetFetchResponse.Topic { Name = topic.Name };
            var partitions = _offsets.GetValueOrDefault(topic.Name);
            foreach (var partition in topic.PartitionIndexes)
            {
                topicResult.Partitions.Add(partitions is not null && partitions.TryGetValue(partition, out var offset)
                    ? Fetched(partition, offset)
                    : NoOffset(partition, ErrorCode.None));
            }

            result.Add(topicResult);
        }

        return result;
    }

    private static OffsetFetchResponse.Partition Fetched(int partition, CommittedOffset offset) => new()
    {
        PartitionIndex = partition,
        CommittedOffset = offset.Offset,
        CommittedLeaderEpoch = offset.LeaderEpoch,
        Metadata = offset.Metadata,
    };

    internal static OffsetFetchResponse.Partition NoOffset(int partition, ErrorCode error) => new()
    {
        PartitionIndex = partition,
        CommittedOffset = -1,
        CommittedLeaderEpoch = -1,
        Metadata = string.Empty,
        ErrorCode = (short)error,
    };

    /// <summary>
    /// OffsetDelete (KIP-496): a group with members may only drop offsets of topics it does not subscribe to, and
    /// only if it is a consumer group whose subscriptions the coordinator can read.
    /// </summary>
    public OffsetDeleteResponse DeleteOffsets(OffsetDeleteRequest request)
    {
        if (State != GroupState.Empty && ProtocolType != ConsumerProtocol.ProtocolType)
        {
            return new OffsetDeleteResponse { ErrorCode = (short)ErrorCode.NonEmptyGroup };
        }

        var response = new OffsetDeleteResponse();
        var deleted = new List<(string Topic, int Partition)>();
        var now = Services.NowMs;
        foreach (var topic in request.Topics)
        {
            var topicResult = new OffsetDeleteResponse.Topic { Name = topic.Name };
            response.Topics.Add(topicResult);
            var subscribed = IsSubscribedTo(topic.Name);
            var partitions = _offsets.GetValueOrDefault(topic.Name);
            foreach (var partition in topic.Partitions)
            {
                topicResult.Partitions.Add(new OffsetDeleteResponse.Partition
                {
                    PartitionIndex = partition.PartitionIndex,
                    ErrorCode = (short)(subscribed ? ErrorCode.GroupSubscribedToTopic : ErrorCode.None),
                });
                if (!subscribed && partitions is not null && partitions.ContainsKey(partition.PartitionIndex))
                {
                    deleted.Add((topic.Name, partition.PartitionIndex));
                }
            }
        }

        if (!DeleteStored(deleted, now))
        {
            return new OffsetDeleteResponse { ErrorCode = (short)ErrorCode.NotCoordinator };
        }

        return response;
    }

    private bool IsSubscribedTo(string topic) =>
        State != GroupState.Empty && (_subscribedTopics?.Contains(topic) ?? ProtocolType == ConsumerProtocol.ProtocolType);

    /// <summary>The union of the members' subscriptions for the chosen protocol; null if one cannot be read.</summary>
    private HashSet<string>? ComputeSubscribedTopics()
    {
        if (ProtocolType != ConsumerProtocol.ProtocolType || ProtocolName is null)
        {
            return null;
        }

        var topics = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in _members.Values)
        {
            if (!ConsumerProtocol.TryReadSubscribedTopics(member.MetadataFor(ProtocolName), topics))
            {
                return null;
            }
        }

        return topics;
    }

    /// <summary>DeleteGroups: writes a tombstone for every committed offset; the caller then forgets the group.</summary>
    public bool DeleteAllOffsets()
    {
        var all = _offsets.SelectMany(t => t.Value.Keys.Select(p => (t.Key, p))).ToList();
        return DeleteStored(all, Services.NowMs);
    }

    /// <summary>
    /// Drops offsets past offsets.retention.minutes (Kafka's OffsetExpirationCondition): counted from when the
    /// group became empty, or from the commit for groups without members' history and for topics a stable consumer
    /// group no longer subscribes to; an explicit expiry (OffsetCommit v2-4) wins. Returns how many expired.
    /// </summary>
    public int ExpireOffsets()
    {
        Func<CommittedOffset, long>? since = null;
        if (ProtocolType is null || StateSince is null)
        {
            since = static offset => offset.CommitTimestamp;
        }
        else if (State == GroupState.Empty)
        {
            var emptySince = StateSince.Value.ToUnixTimeMilliseconds();
            since = _ => emptySince;
        }
        else if (State == GroupState.Stable && ProtocolType == ConsumerProtocol.ProtocolType && _subscribedTopics is not null)
        {
            since = static offset => offset.CommitTimestamp;
        }

        if (since is null)
        {
            return 0;
        }

        var now = Services.NowMs;
        var retentionMs = (long)Services.Options.OffsetsRetention.TotalMilliseconds;
        var expired = new List<(string Topic, int Partition)>();
        foreach (var (topic, partitions) in _offsets)
        {
            if (IsSubscribedTo(topic))
            {
                continue;
            }

            foreach (var (partition, offset) in partitions)
            {
                var isExpired = offset.ExpireTimestamp >= 0 ? now >= offset.ExpireTimestamp : now - since(offset) >= retentionMs;
                if (isExpired)
                {
                    expired.Add((topic, partition));
                }
            }
        }

        if (expired.Count == 0 || !DeleteStored(expired, now))
        {
            return 0;
        }

        GroupLog.OffsetsExpired(Services.Logger, Id, expired.Count);
        return expired.Count;
    }

    /// <summary>Applies a record read back from the offset log at start-up (null: a tombstone).</summary>
    public void Replay(string topic, int partition, CommittedOffset? offset)
    {
        if (offset is { } value)
        {
            Store(topic, partition, value);
        }
        else
        {
            Forget(topic, partition);
        }
    }

    private bool DeleteStored(List<(string Topic, int Partition)> partitions, long now)
    {
        var tombstones = partitions.Select(p => new OffsetLogRecord(OffsetRecordCodec.EncodeKey(Id, p.Topic, p.Partition), null, now)).ToList();
        if (!TryAppend(tombstones))
        {
            return false;
        }

        foreach (var (topic, partition) in partitions)
        {
            Forget(topic, partition);
        }

        return true;
    }

    private bool TryAppend(List<OffsetLogRecord> records)
    {
        if (records.Count == 0)
        {
            return true;
        }

        try
        {
            Services.OffsetLog.Append(records);
            return true;
        }
        catch (IOException exception)
        {
            // Kafka answers a failed write to __consumer_offsets as NOT_COORDINATOR: clients look the
            // coordinator up again and retry.
            GroupLog.OffsetLogWriteFailed(Services.Logger, exception, Id);
            return false;
        }
    }

    private void Store(string topic, int partition, CommittedOffset offset)
    {
        if (!_offsets.TryGetValue(topic, out var partitions))
        {
            partitions = [];
            _offsets.Add(topic, partitions);
        }

        partitions[partition] = offset;
    }

    private void Forget(string topic, int partition)
    {
        if (_offsets.TryGetValue(topic, out var partitions) && partitions.Remove(partition) && partitions.Count == 0)
        {
            _offsets.Remove(topic);
        }
    }

    private static long SaturatingAdd(long a, long b) => b > long.MaxValue - a ? long.MaxValue : a + b;
}
