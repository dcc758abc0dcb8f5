namespace Wharf.Testing;

/// <summary>
/// A clock that moves only when a test says so, for retention, segment.ms and expiry. Only <see cref="GetUtcNow"/>
/// is manual: timers (Task.Delay with this provider) still run on real time, so tests drive periodic work by
/// calling it directly rather than by waiting.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public ManualTimeProvider()
        : this(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public long NowMs => GetUtcNow().ToUnixTimeMilliseconds();

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
}
