namespace CrisisKit.Cluster;

/// <summary>
/// The silos' clock for a replay: it reads the time of the mentions being replayed (the replay moves it forward), so
/// incidents open, escalate and stamp their timelines on mention time, and a day of crisis replays in seconds. Its
/// timestamps and timers are the system's: Orleans takes its <see cref="TimeProvider"/> from the silo's services too,
/// for timeouts and periodic work that must keep running in real time. A live cluster uses the system clock and
/// needs none of this.
/// </summary>
internal sealed class ReplayClock(DateTimeOffset start) : TimeProvider
{
    private long _nowTicks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Volatile.Read(ref _nowTicks), TimeSpan.Zero);

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Moves the reading to <paramref name="time"/>; a time in the past is ignored.</summary>
    public void AdvanceTo(DateTimeOffset time)
    {
        var current = Volatile.Read(ref _nowTicks);
        while (current < time.UtcTicks)
        {
            var seen = Interlocked.CompareExchange(ref _nowTicks, time.UtcTicks, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
