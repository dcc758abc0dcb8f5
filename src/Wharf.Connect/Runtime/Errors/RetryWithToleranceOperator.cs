using Wharf.Connect.Api;
using Wharf.Connect.Runtime.Monitoring;

namespace Wharf.Connect.Runtime.Errors;

/// <summary>Told about each failed operation (after retries) with its context: logs it, sends it to a dead letter queue.</summary>
internal interface IErrorReporter
{
    void Report(ProcessingContext context);
}

/// <summary>
/// Runs one stage of a record's processing as KIP-298 (Apache's RetryWithToleranceOperator) decides:
/// a <see cref="RetriableException"/> is retried with exponential backoff (300 ms doubling, capped by
/// errors.retry.delay.max.ms with jitter) until errors.retry.timeout has passed (0: no retries, -1: forever);
/// a failure that remains is reported (log, dead letter queue) and then either skipped — when errors.tolerance=all
/// and the stage is a converter or transformation (any exception) or the exception was retriable — or ends the
/// task with an <see cref="ErrorHandlerException"/>. One instance per task, used from the task's loop (reporting
/// may also come from a producer callback, so reporters and metrics are thread-safe).
/// </summary>
internal sealed class RetryWithToleranceOperator(ErrorHandlingConfig config, TaskMetrics metrics, IReadOnlyList<IErrorReporter> reporters, CancellationToken stopping)
{
    private const long MinDelayMs = 300;

    public ErrorHandlingConfig Config => config;

    /// <summary>
    /// Runs <paramref name="operation"/> on <paramref name="state"/> (pass a static lambda: nothing is allocated
    /// per call); false when it failed and the record is to be skipped.
    /// </summary>
    public bool TryExecute<TState, TResult>(ProcessingContext context, ErrorStage stage, Type executingClass, TState state, Func<TState, TResult> operation, out TResult result)
    {
        context.Position(stage, executingClass);
        var attempt = 0;
        // errors.retry.timeout.ms=0 (the default): the deadline has passed at once, without reading the clock per record.
        var deadline = config.RetryTimeoutMs switch
        {
            0 => long.MinValue,
            > 0 => Environment.TickCount64 + config.RetryTimeoutMs,
            _ => long.MaxValue,
        };
        while (true)
        {
            try
            {
                attempt++;
                result = operation(state);
                return true;
            }
            catch (RetriableException) when (!stopping.IsCancellationRequested && Environment.TickCount64 < deadline)
            {
                metrics.RecordFailure();
                Backoff(attempt, deadline);
                metrics.RecordRetry();
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stopping.IsCancellationRequested)
            {
                result = default!;
                return Failed(context, exception, stage.ToleratesAnyException() || exception is RetriableException);
            }
        }
    }

    /// <summary>
    /// A failure that happened outside <see cref="TryExecute"/> (a producer's delivery report, KIP-779): reported,
    /// then true when tolerated (the record is skipped), else false (the caller fails the task).
    /// </summary>
    public bool TolerateFailed(ProcessingContext context, ErrorStage stage, Type executingClass, Exception error)
    {
        context.Position(stage, executingClass);
        context.Error = error;
        metrics.RecordFailure();
        Report(context);
        if (!config.TolerateAll)
        {
            return false;
        }

        metrics.RecordSkipped();
        return true;
    }

    private bool Failed(ProcessingContext context, Exception exception, bool tolerable)
    {
        metrics.RecordFailure();
        context.Error = exception;
        Report(context);
        if (!tolerable)
        {
            throw new ErrorHandlerException(ErrorHandlerException.Unhandled, exception, context.Snapshot());
        }

        if (!config.TolerateAll)
        {
            throw new ErrorHandlerException(ErrorHandlerException.ToleranceExceeded, exception, context.Snapshot());
        }

        metrics.RecordSkipped();
        return false;
    }

    private void Report(ProcessingContext context)
    {
        foreach (var reporter in reporters)
        {
            reporter.Report(context);
        }
    }

    /// <summary>Waits 300 ms × 2^(attempt−1), or a random time up to the cap once past it, never beyond the deadline; a stop cuts it short.</summary>
    private void Backoff(int attempt, long deadline)
    {
        var delay = attempt > 20 ? long.MaxValue : MinDelayMs << (attempt - 1);
        if (delay > config.RetryMaxDelayMs)
        {
            delay = config.RetryMaxDelayMs > 0 ? Random.Shared.NextInt64(config.RetryMaxDelayMs) : 0;
        }

        delay = Math.Max(0, Math.Min(delay, deadline - Environment.TickCount64));
        stopping.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(delay));
    }
}
