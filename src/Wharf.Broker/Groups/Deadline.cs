namespace Wharf.Broker.Groups;

/// <summary>
/// A timer owned by one group that runs its action under the group's lock when it falls due. Rescheduling just
/// moves the due time: a callback that arrives early (the timer raced a reschedule, or fired a little before the
/// clock) re-arms itself for the time left instead of acting, and one that arrives after a cancel does nothing.
/// Schedule and Cancel are called under the group's lock.
/// </summary>
internal sealed class Deadline : IDisposable
{
    private readonly ClassicGroup _group;
    private readonly Action _action;
    private ITimer? _timer;
    private DateTimeOffset _due;
    private bool _armed;

    public Deadline(ClassicGroup group, Action action)
    {
        _group = group;
        _action = action;
    }

    public bool IsArmed => _armed;

    public void Schedule(TimeSpan after)
    {
        var time = _group.Services.Time;
        _due = time.GetUtcNow() + after;
        _armed = true;
        _timer ??= time.CreateTimer(static state => ((Deadline)state!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(after, Timeout.InfiniteTimeSpan);
    }

    public void Schedule(int milliseconds) => Schedule(TimeSpan.FromMilliseconds(milliseconds));

    public void Cancel()
    {
        _armed = false;
        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        _armed = false;
        _timer?.Dispose();
        _timer = null;
    }

    private void Fire() => _group.RunDeadline(this);

    /// <summary>Called under the group's lock: runs the action if the deadline is armed and due.</summary>
    internal void RunIfDue()
    {
        if (!_armed || _timer is null)
        {
            return;
        }

        var left = _due - _group.Services.Time.GetUtcNow();
        if (left > TimeSpan.Zero)
        {
            _timer.Change(left, Timeout.InfiniteTimeSpan);
            return;
        }

        _armed = false;
        _action();
    }
}
