using Microsoft.Extensions.Logging;
using Wharf.Connect.Logging;
using Wharf.Connect.Runtime.Errors;
using Wharf.Connect.Runtime.Monitoring;
using Wharf.Connect.Storage;

namespace Wharf.Connect.Runtime;

/// <summary>
/// A running task on its own loop (Apache's WorkerTask): reports RUNNING, PAUSED or FAILED (with the trace) to
/// the status store; a failure ends the loop until the task is restarted, its trace starting with a sentence that
/// explains it (<see cref="TaskFailure"/>). Pausing parks the loop; stopping cancels it and waits for it to close the task.
/// </summary>
internal abstract class WorkerTask(TaskId id, IReadOnlyDictionary<string, string> config, StatusStore statuses, string workerId, TaskMetrics metrics, ILogger logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _pauseLock = new();
    private TaskCompletionSource _resumed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _paused;
    private Task? _loop;

    public TaskId Id => id;

    public IReadOnlyDictionary<string, string> Config => config;

    protected ILogger Logger => logger;

    protected TaskMetrics Metrics => metrics;

    /// <summary>Cancelled when the task is asked to stop (cuts error-handling backoffs short).</summary>
    protected CancellationToken Stopping => _stop.Token;

    protected bool IsPaused => _paused;

    public void Start(bool paused)
    {
        _paused = paused;
        _loop = Task.Factory.StartNew(() => RunAsync(_stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public void Pause()
    {
        lock (_pauseLock)
        {
            _paused = true;
        }

        if (statuses.Task(id)?.State is WorkState.Running)
        {
            statuses.Put(id, new WorkStatus(WorkState.Paused, workerId));
        }
    }

    public void Resume()
    {
        lock (_pauseLock)
        {
            _paused = false;
            _resumed.TrySetResult();
            _resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        if (statuses.Task(id)?.State is WorkState.Paused)
        {
            statuses.Put(id, new WorkStatus(WorkState.Running, workerId));
        }
    }

    /// <summary>Stops the task: cancels its loop and waits until the task is closed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Notes a topic the task produced to or consumed from (GET /connectors/{c}/topics).</summary>
    protected void RecordTopic(string topic) => statuses.RecordTopic(id, topic);

    /// <summary>Starts the task instance (its Start method).</summary>
    protected abstract Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>The task's loop until cancelled; throws when the task fails.</summary>
    protected abstract Task ExecuteAsync(CancellationToken cancellationToken);

    /// <summary>Commits what can be committed and stops the task instance; called once, whatever happened.</summary>
    protected abstract Task CloseAsync(bool failed);

    /// <summary>Disposes the plugin instances that hold resources (a registry converter's HTTP client, a task's own).</summary>
    protected static void DisposePlugins(params ReadOnlySpan<object?> plugins)
    {
        foreach (var plugin in plugins)
        {
            (plugin as IDisposable)?.Dispose();
        }
    }

    /// <summary>Waits while the task is paused; returns at once otherwise.</summary>
    protected Task WaitWhilePausedAsync(CancellationToken cancellationToken)
    {
        lock (_pauseLock)
        {
            return _paused ? _resumed.Task.WaitAsync(cancellationToken) : Task.CompletedTask;
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var failed = false;
        var phase = TaskPhase.Starting;
        try
        {
            await InitializeAsync(cancellationToken);
            phase = TaskPhase.Running;
            statuses.Put(id, new WorkStatus(_paused ? WorkState.Paused : WorkState.Running, workerId));
            ConnectLog.TaskStarted(logger, id.ToString());
            await ExecuteAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
        catch (Exception exception)
        {
            failed = true;
            ConnectLog.TaskFailed(logger, exception, id.ToString(), TaskFailure.Reason(id, phase, exception));
            statuses.Put(id, new WorkStatus(WorkState.Failed, workerId, TaskFailure.Trace(id, phase, exception)));
        }

        try
        {
            await CloseAsync(failed);
        }
        catch (Exception exception)
        {
            ConnectLog.TaskFailed(logger, exception, id.ToString(), TaskFailure.Reason(id, TaskPhase.Stopping, exception));
            statuses.Put(id, new WorkStatus(WorkState.Failed, workerId, TaskFailure.Trace(id, TaskPhase.Stopping, exception)));
            return;
        }

        ConnectLog.TaskStopped(logger, id.ToString());
    }
}
