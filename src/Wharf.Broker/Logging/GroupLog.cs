using Microsoft.Extensions.Logging;

namespace Wharf.Broker.Logging;

/// <summary>Log lines of the group coordinator and the offset store (event ids 300-399, see <see cref="BrokerLog"/>).</summary>
internal static partial class GroupLog
{
    [LoggerMessage(300, LogLevel.Information, "Group {GroupId}: preparing to rebalance after generation {Generation}: {Reason}")]
    public static partial void PreparingRebalance(ILogger logger, string groupId, int generation, string reason);

    [LoggerMessage(301, LogLevel.Information, "Group {GroupId}: generation {Generation} formed with {Members} member(s), protocol {Protocol}, leader {Leader}")]
    public static partial void GenerationFormed(ILogger logger, string groupId, int generation, int members, string? protocol, string? leader);

    [LoggerMessage(302, LogLevel.Information, "Group {GroupId} is empty (generation {Generation})")]
    public static partial void GroupEmpty(ILogger logger, string groupId, int generation);

    [LoggerMessage(303, LogLevel.Information, "Group {GroupId}: member {MemberId} removed, no heartbeat within its session timeout of {SessionTimeoutMs} ms")]
    public static partial void SessionExpired(ILogger logger, string groupId, string memberId, int sessionTimeoutMs);

    [LoggerMessage(304, LogLevel.Information, "Group {GroupId}: member {MemberId} did not rejoin before the rebalance timeout and was removed")]
    public static partial void MemberDidNotRejoin(ILogger logger, string groupId, string memberId);

    [LoggerMessage(305, LogLevel.Information, "Group {GroupId}: member {MemberId} did not send SyncGroup before the rebalance timeout and was removed")]
    public static partial void MemberDidNotSync(ILogger logger, string groupId, string memberId);

    [LoggerMessage(306, LogLevel.Information, "Group {GroupId}: static member {InstanceId} rejoined as {MemberId}; its previous member id {OldMemberId} is fenced")]
    public static partial void StaticMemberReplaced(ILogger logger, string groupId, string instanceId, string memberId, string oldMemberId);

    [LoggerMessage(307, LogLevel.Debug, "Group {GroupId}: member {MemberId} left")]
    public static partial void MemberLeft(ILogger logger, string groupId, string memberId);

    [LoggerMessage(308, LogLevel.Information, "Group {GroupId} deleted with its committed offsets")]
    public static partial void GroupDeleted(ILogger logger, string groupId);

    [LoggerMessage(309, LogLevel.Information, "Loaded {Offsets} committed offset(s) of {Groups} group(s) from {Records} offset log record(s) in {ElapsedMs} ms")]
    public static partial void OffsetsLoaded(ILogger logger, int offsets, int groups, int records, long elapsedMs);

    [LoggerMessage(310, LogLevel.Warning, "Skipped {Count} offset log record(s) that are not committed offsets Wharf can read")]
    public static partial void UnreadableOffsetRecords(ILogger logger, int count);

    [LoggerMessage(311, LogLevel.Information, "Group {GroupId}: {Count} committed offset(s) expired (offsets.retention.minutes)")]
    public static partial void OffsetsExpired(ILogger logger, string groupId, int count);

    [LoggerMessage(312, LogLevel.Error, "Group {GroupId}: committed offsets could not be written to the offset log")]
    public static partial void OffsetLogWriteFailed(ILogger logger, Exception exception, string groupId);

    [LoggerMessage(313, LogLevel.Error, "Group {GroupId}: a timer action failed")]
    public static partial void TimerFailed(ILogger logger, Exception exception, string groupId);

    [LoggerMessage(314, LogLevel.Debug, "Group {GroupId}: new member given id {MemberId}, asked to rejoin with it (MEMBER_ID_REQUIRED)")]
    public static partial void MemberIdRequired(ILogger logger, string groupId, string memberId);

    [LoggerMessage(315, LogLevel.Debug, "Group {GroupId}: member id {MemberId} was handed out but never used to join; forgotten")]
    public static partial void PendingMemberExpired(ILogger logger, string groupId, string memberId);

    [LoggerMessage(316, LogLevel.Debug, "Group {GroupId}: member {MemberId} joined")]
    public static partial void MemberJoined(ILogger logger, string groupId, string memberId);

    [LoggerMessage(317, LogLevel.Information, "Group {GroupId}: group emptied and without committed offsets; forgotten")]
    public static partial void GroupForgotten(ILogger logger, string groupId);
}
