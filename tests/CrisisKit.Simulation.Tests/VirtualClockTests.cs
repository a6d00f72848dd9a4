using CrisisKit.Simulation;

namespace CrisisKit.Tests.Simulation;

public class VirtualClockTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Timers_fire_in_due_order_with_the_clock_at_their_due_time()
    {
        var clock = new VirtualClock(T0);
        var fired = new List<(string, DateTimeOffset)>();
        using var late = clock.CreateTimer(_ => fired.Add(("late", clock.GetUtcNow())), null, TimeSpan.FromMinutes(30), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => fired.Add(("early", clock.GetUtcNow())), null, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15));

        clock.AdvanceTo(T0.AddMinutes(45));

        fired.Should().Equal(("early", T0.AddMinutes(10)), ("early", T0.AddMinutes(25)), ("late", T0.AddMinutes(30)), ("early", T0.AddMinutes(40)));
        clock.GetUtcNow().Should().Be(T0.AddMinutes(45));
    }

    [Fact]
    public void A_timer_changed_or_disposed_does_not_fire_at_its_old_time_and_the_past_is_ignored()
    {
        var clock = new VirtualClock(T0);
        var count = 0;
        var timer = clock.CreateTimer(_ => count++, null, TimeSpan.FromMinutes(5), Timeout.InfiniteTimeSpan);
        timer.Change(TimeSpan.FromMinutes(20), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromMinutes(10));
        count.Should().Be(0);
        timer.Dispose();
        clock.Advance(TimeSpan.FromMinutes(20));
        count.Should().Be(0);

        clock.AdvanceTo(T0);
        clock.GetUtcNow().Should().Be(T0.AddMinutes(30));
    }
}
