using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Wharf.Broker.Logging;
using Wharf.Protocol;

namespace Wharf.Broker.Groups;

/// <summary>
/// The consumer group coordinator of the embedded broker (classic protocol, KIP-62/345/394): membership and
/// rebalances, and committed offsets kept in an <see cref="IOffsetLog"/>. Every group is its own serialized
/// state machine under its own lock, so requests of different groups never wait on each other; JoinGroup and
/// SyncGroup return tasks that complete when their rebalance step does. Answers COORDINATOR_LOAD_IN_PROGRESS
/// until <see cref="StartAsync"/> has replayed the offset log, and COORDINATOR_NOT_AVAILABLE once disposed.
/// The methods take and return the generated protocol messages; the API handlers only adapt versions.
/// </summary>
public sealed partial class GroupCoordinator : IAsyncDisposable
{
    private const int Loading = 0;
    private const int Active = 1;
    private const int Stopped = 2;

    private readonly ConcurrentDictionary<string, ClassicGroup> _groups = new(StringComparer.Ordinal);
    private readonly GroupServices _services;
    private ITimer? _retentionTimer;
    private int _status = Loading;

    public GroupCoordinator(GroupCoordinatorOptions options, IOffsetLog offsetLog, ITopicDirectory topics, TimeProvider time, ILoggerFactory loggerFactory)
    {
        options.Validate();
        _services = new GroupServices(options, time, loggerFactory.CreateLogger<GroupCoordinator>(), offsetLog, topics);
    }

    public GroupCoordinatorOptions Options => _services.Options;

    /// <summary>Rebuilds the committed offsets from the offset log, then starts answering and the retention checks.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Status != Loading)
        {
            throw new InvalidOperationException("The group coordinator has already been started.");
        }

        // The log may be long: read it off the caller's thread.
        await Task.Run(Load, cancellationToken);
        // Timers take at most 0xFFFFFFFE ms (about 49 days); a longer interval checks that often.
        var interval = TimeSpan.FromMilliseconds(Math.Min(_services.Options.OffsetsRetentionCheckIntervalMs, uint.MaxValue - 1L));
        _retentionTimer = _services.Time.CreateTimer(static state => ((GroupCoordinator)state!).RunRetentionCheck(), this, interval, interval);
        // Unless the coordinator was disposed meanwhile.
        Interlocked.CompareExchange(ref _status, Active, Loading);
    }

    /// <summary>Stops the timers and answers every parked join and sync with NOT_COORDINATOR.</summary>
    public async ValueTask DisposeAsync()
    {
        Volatile.Write(ref _status, Stopped);
        if (_retentionTimer is not null)
        {
            await _retentionTimer.DisposeAsync();
        }

        foreach (var group in _groups.Values)
        {
            lock (group.Gate)
            {
                group.Dispose();
                _groups.TryRemove(new KeyValuePair<string, ClassicGroup>(group.Id, group));
            }
        }
    }

    private void RunRetentionCheck()
    {
        try
        {
            ExpireOffsets();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A timer thread has no caller to report to; an exception escaping it would end the process.
            GroupLog.TimerFailed(_services.Logger, exception, "(offset retention)");
        }
    }

    /// <summary>The offset retention check (Kafka's cleanupGroupMetadata), every offsets.retention.check.interval.ms.</summary>
    private void ExpireOffsets()
    {
        if (Status != Active)
        {
            return;
        }

        foreach (var group in _groups.Values)
        {
            lock (group.Gate)
            {
                if (group.State == GroupState.Dead)
                {
                    continue;
                }

                group.ExpireOffsets();
                if (group.IsUnused)
                {
                    // Kafka drops an empty group once its last offset is gone.
                    GroupLog.GroupForgotten(_services.Logger, group.Id);
                    Forget(group);
                }
            }
        }
    }

    private void Load()
    {
        var started = Stopwatch.GetTimestamp();
        var records = 0;
        var unreadable = 0;
        foreach (var record in _services.OffsetLog.ReadAll())
        {
            records++;
            if (!OffsetRecordCodec.TryDecodeKey(record.Key, out var groupId, out var topic, out var partition))
            {
                unreadable++;
                continue;
            }

            CommittedOffset? offset = null;
            if (record.Value is not null)
            {
                if (!OffsetRecordCodec.TryDecodeValue(record.Value, out var value))
                {
                    unreadable++;
                    continue;
                }

                offset = value;
            }

            var group = _groups.GetOrAdd(groupId, static (id, services) => new ClassicGroup(id, services), _services);
            lock (group.Gate)
            {
                group.Replay(topic, partition, offset);
            }
        }

        var offsets = 0;
        foreach (var group in _groups.Values)
        {
            lock (group.Gate)
            {
                if (group.IsUnused)
                {
                    Forget(group);
                }

                offsets += group.OffsetCount;
            }
        }

        if (unreadable > 0)
        {
            GroupLog.UnreadableOffsetRecords(_services.Logger, unreadable);
        }

        GroupLog.OffsetsLoaded(_services.Logger, offsets, _groups.Count, records, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>COORDINATOR_LOAD_IN_PROGRESS while loading, COORDINATOR_NOT_AVAILABLE once stopped, else NONE.</summary>
    private int Status => Volatile.Read(ref _status);

    private ErrorCode Availability => Status switch
    {
        Active => ErrorCode.None,
        Loading => ErrorCode.CoordinatorLoadInProgress,
        _ => ErrorCode.CoordinatorNotAvailable,
    };

    private ClassicGroup GetOrCreate(string groupId) =>
        _groups.GetOrAdd(groupId, static (id, services) => new ClassicGroup(id, services), _services);

    /// <summary>
    /// Runs <paramref name="action"/> under the group's lock, or with null if the group does not exist. A group
    /// found dead was deleted meanwhile: it is looked up again.
    /// </summary>
    private T WithGroup<T>(string groupId, Func<ClassicGroup?, T> action)
    {
        while (true)
        {
            if (!_groups.TryGetValue(groupId, out var group))
            {
                return action(null);
            }

            lock (group.Gate)
            {
                if (group.State != GroupState.Dead)
                {
                    return action(group);
                }
            }
        }
    }

    /// <summary>Called under the group's lock: marks it dead and removes it from the directory.</summary>
    private void Forget(ClassicGroup group)
    {
        group.Close(ErrorCode.CoordinatorNotAvailable);
        _groups.TryRemove(new KeyValuePair<string, ClassicGroup>(group.Id, group));
    }

    private void ForgetIfUnused(ClassicGroup group)
    {
        if (group.IsUnused && group.ProtocolType is null)
        {
            Forget(group);
        }
    }
}
