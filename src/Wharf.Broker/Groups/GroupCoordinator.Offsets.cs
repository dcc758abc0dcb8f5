using Wharf.Broker.Logging;
using Wharf.Protocol;
using Wharf.Protocol.Messages;

namespace Wharf.Broker.Groups;

// OffsetCommit, OffsetFetch, OffsetDelete, and the group administration APIs (DescribeGroups, ListGroups,
// DeleteGroups). As in Kafka, an empty group id is accepted by the offset and admin APIs for backward
// compatibility (it names a group like any other); only the membership APIs and OffsetDelete refuse it.
public sealed partial class GroupCoordinator
{
    // READ (3), DELETE (6) and DESCRIBE (8): the ACL operations that apply to a group, all allowed (no ACLs here).
    private const int GroupAuthorizedOperations = (1 << 3) | (1 << 6) | (1 << 8);

    /// <summary>
    /// OffsetCommit. A group that does not exist is created for a commit with generation -1 (an admin client or a
    /// consumer assigning partitions itself); any other generation gets ILLEGAL_GENERATION, as Kafka answers
    /// before v9.
    /// </summary>
    public OffsetCommitResponse CommitOffsets(OffsetCommitRequest request)
    {
        var error = Availability;
        if (error != ErrorCode.None)
        {
            return CommitError(request, error);
        }

        while (true)
        {
            if (Status == Stopped)
            {
                return CommitError(request, ErrorCode.CoordinatorNotAvailable);
            }

            if (!_groups.TryGetValue(request.GroupId, out var group))
            {
                if (request.GenerationIdOrMemberEpoch >= 0)
                {
                    return CommitError(request, ErrorCode.IllegalGeneration);
                }

                group = GetOrCreate(request.GroupId);
            }

            lock (group.Gate)
            {
                if (group.State == GroupState.Dead)
                {
                    continue;
                }

                var response = group.Commit(request);
                ForgetIfUnused(group);
                return response;
            }
        }
    }

    private OffsetCommitResponse CommitError(OffsetCommitRequest request, ErrorCode error)
    {
        var response = new OffsetCommitResponse();
        foreach (var topic in request.Topics)
        {
            var topicResult = new OffsetCommitResponse.Topic { Name = topic.Name };
            foreach (var partition in topic.Partitions)
            {
                var known = _services.Topics.TryGetPartitionCount(topic.Name, out var count) && partition.PartitionIndex >= 0 && partition.PartitionIndex < count;
                topicResult.Partitions.Add(new OffsetCommitResponse.Partition
                {
                    PartitionIndex = partition.PartitionIndex,
                    ErrorCode = (short)(known ? error : ErrorCode.UnknownTopicOrPartition),
                });
            }

            response.Topics.Add(topicResult);
        }

        return response;
    }

    /// <summary>
    /// OffsetFetch: the committed offset of each listed partition (-1 where none), or every committed offset of
    /// the group when the topic list is null (v2+). No transactional commits exist here, so RequireStable (v7)
    /// never has to wait. A group-level error is also copied to every listed partition, where v0-1 carry it.
    /// </summary>
    public OffsetFetchResponse FetchOffsets(OffsetFetchRequest request)
    {
        var error = Availability;
        if (error != ErrorCode.None)
        {
            var failed = new OffsetFetchResponse { ErrorCode = (short)error };
            foreach (var topic in request.Topics ?? [])
            {
                failed.Topics.Add(new OffsetFetchResponse.Topic
                {
                    Name = topic.Name,
                    Partitions = topic.PartitionIndexes.Select(p => ClassicGroup.NoOffset(p, error)).ToList(),
                });
            }

            return failed;
        }

        return new OffsetFetchResponse
        {
            Topics = WithGroup(request.GroupId, group => group is not null
                ? group.Fetch(request.Topics)
                : (request.Topics ?? []).Select(t => new OffsetFetchResponse.Topic
                {
                    Name = t.Name,
                    Partitions = t.PartitionIndexes.Select(p => ClassicGroup.NoOffset(p, ErrorCode.None)).ToList(),
                }).ToList()),
        };
    }

    /// <summary>OffsetDelete (KIP-496).</summary>
    public OffsetDeleteResponse DeleteOffsets(OffsetDeleteRequest request)
    {
        var error = Availability;
        if (error == ErrorCode.None && request.GroupId.Length == 0)
        {
            error = ErrorCode.InvalidGroupId;
        }

        if (error != ErrorCode.None)
        {
            return new OffsetDeleteResponse { ErrorCode = (short)error };
        }

        return WithGroup(request.GroupId, group => group?.DeleteOffsets(request)
            ?? new OffsetDeleteResponse { ErrorCode = (short)ErrorCode.GroupIdNotFound });
    }

    /// <summary>DescribeGroups: an unknown group is described as Dead with no error, as Kafka does.</summary>
    public DescribeGroupsResponse DescribeGroups(DescribeGroupsRequest request)
    {
        var response = new DescribeGroupsResponse();
        var availability = Availability;
        foreach (var groupId in request.Groups)
        {
            var described = availability != ErrorCode.None
                ? new DescribeGroupsResponse.DescribedGroup { GroupId = groupId, ErrorCode = (short)availability }
                : WithGroup(groupId, group => group?.Describe()
                    ?? new DescribeGroupsResponse.DescribedGroup { GroupId = groupId, GroupState = GroupState.Dead.Name() });
            if (request.IncludeAuthorizedOperations && described.ErrorCode == 0)
            {
                described.AuthorizedOperations = GroupAuthorizedOperations;
            }

            response.Groups.Add(described);
        }

        return response;
    }

    /// <summary>ListGroups; v4's states filter compares state names without regard to case (Kafka 3.x and 4.x differ in case).</summary>
    public ListGroupsResponse ListGroups(ListGroupsRequest request)
    {
        var error = Availability;
        if (error != ErrorCode.None)
        {
            return new ListGroupsResponse { ErrorCode = (short)error };
        }

        var response = new ListGroupsResponse();
        foreach (var group in _groups.Values)
        {
            lock (group.Gate)
            {
                var state = group.State.Name();
                if (group.State == GroupState.Dead ||
                    (request.StatesFilter.Count > 0 && !request.StatesFilter.Contains(state, StringComparer.OrdinalIgnoreCase)))
                {
                    continue;
                }

                response.Groups.Add(new ListGroupsResponse.ListedGroup { GroupId = group.Id, ProtocolType = group.ProtocolType ?? string.Empty, GroupState = state });
            }
        }

        return response;
    }

    /// <summary>DeleteGroups: only empty groups, with all their committed offsets (tombstones in the offset log).</summary>
    public DeleteGroupsResponse DeleteGroups(DeleteGroupsRequest request)
    {
        var response = new DeleteGroupsResponse();
        var availability = Availability;
        foreach (var groupId in request.GroupsNames)
        {
            var error = availability != ErrorCode.None ? availability : WithGroup(groupId, group =>
            {
                if (group is null)
                {
                    return ErrorCode.GroupIdNotFound;
                }

                if (group.State != GroupState.Empty)
                {
                    return ErrorCode.NonEmptyGroup;
                }

                if (!group.DeleteAllOffsets())
                {
                    return ErrorCode.NotCoordinator;
                }

                GroupLog.GroupDeleted(_services.Logger, groupId);
                Forget(group);
                return ErrorCode.None;
            });
            response.Results.Add(new DeleteGroupsResponse.GroupResult { GroupId = groupId, ErrorCode = (short)error });
        }

        return response;
    }
}
