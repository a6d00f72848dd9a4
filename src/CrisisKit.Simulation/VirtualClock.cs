namespace CrisisKit.Simulation;

/// <summary>
/// A clock that moves only when told to, for replays and drills: a day of crisis runs in seconds. Timers created on
/// it (the escalation engine's, for example) fire in due order as <see cref="AdvanceTo"/> passes their due times,
/// with the clock set to each due time while its callback runs. Callbacks run on the caller's thread. Thread-safe:
/// reading the clock, and moving it while no timer falls due, take no lock, so several threads feeding mentions
/// in time order can each move it as they go.
/// </summary>
/// <param name="start">The clock's first reading.</param>
public sealed class VirtualClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<Timer> _timers = [];

    // The reading as UTC ticks, only ever raised; and the earliest due time of any timer (UTC ticks), kept under _gate.
    private long _nowTicks = start.UtcTicks;
    private long _nextDueTicks = long.MaxValue;

    private DateTimeOffset Now => new(Volatile.Read(ref _nowTicks), TimeSpan.Zero);

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => Now;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Moves the clock to <paramref name="time"/>, firing every timer that falls due on the way; a time in the past is ignored.</summary>
    /// <param name="time">The new reading.</param>
    public void AdvanceTo(DateTimeOffset time)
    {
        if (time.UtcTicks < Volatile.Read(ref _nextDueTicks))
        {
            Raise(time.UtcTicks);
            return;
        }

        while (true)
        {
            Timer? next;
            lock (_gate)
            {
                next = null;
                foreach (var timer in _timers)
                {
                    if (timer.Due is { } due && due <= time && (next is null || due < next.Due))
                    {
                        next = timer;
                    }
                }

                if (next is null)
                {
                    Raise(time.UtcTicks);
                    UpdateNextDue();
                    return;
                }

                Raise(next.Due!.Value.UtcTicks);
                next.Due = next.Period is { } period ? Now + period : null;
                UpdateNextDue();
            }

            next.Fire();
        }
    }

    /// <summary>Moves the clock forward by <paramref name="delta"/> (see <see cref="AdvanceTo"/>).</summary>
    /// <param name="delta">How far; not negative.</param>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        AdvanceTo(GetUtcNow() + delta);
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        lock (_gate)
        {
            _timers.Add(timer);
            UpdateNextDue();
        }

        return timer;
    }

    /// <summary>Moves the reading to <paramref name="ticks"/> if it is later.</summary>
    private void Raise(long ticks)
    {
        var current = Volatile.Read(ref _nowTicks);
        while (current < ticks)
        {
            var seen = Interlocked.CompareExchange(ref _nowTicks, ticks, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>Recomputes the earliest due time; called under <c>_gate</c> whenever a timer changes.</summary>
    private void UpdateNextDue()
    {
        var next = long.MaxValue;
        foreach (var timer in _timers)
        {
            if (timer.Due is { } due && due.UtcTicks < next)
            {
                next = due.UtcTicks;
            }
        }

        Volatile.Write(ref _nextDueTicks, next);
    }

    private sealed class Timer(VirtualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? Due { get; set; }

        public TimeSpan? Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : clock.Now + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
                Period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? null : period;
                clock.UpdateNextDue();
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._gate)
            {
                Due = null;
                clock._timers.Remove(this);
                clock.UpdateNextDue();
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
