using Microsoft.Extensions.Logging;

namespace Wharf.Broker.Groups;

/// <summary>What every group of one coordinator shares: settings, clock, log, the offset log and the topic directory.</summary>
internal sealed class GroupServices(GroupCoordinatorOptions options, TimeProvider time, ILogger logger, IOffsetLog offsetLog, ITopicDirectory topics)
{
    public GroupCoordinatorOptions Options { get; } = options;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = logger;

    public IOffsetLog OffsetLog { get; } = offsetLog;

    public ITopicDirectory Topics { get; } = topics;

    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();
}
