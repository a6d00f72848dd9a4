using CrisisKit.Monitoring;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CrisisKit.Hosting.Tests;

public sealed class MonitorEventHubTests
{
    [Fact]
    public void An_observer_that_throws_is_logged_with_the_event_and_keeps_receiving_events()
    {
        var logger = new FakeLogger<MonitorEventHub>();
        var hub = new MonitorEventHub(logger);
        var faulty = new Faulty();
        var healthy = new List<MonitorEvent>();
        hub.Subscribe(faulty);
        hub.Subscribe(new Collect(healthy));

        hub.Publish(new SubjectRemoved(TestHost.T0, "a"));
        hub.Publish(new SubjectRemoved(TestHost.T0, "b"));

        faulty.Calls.Should().Be(2, "a failure does not unsubscribe the observer");
        healthy.Should().HaveCount(2, "the next observer still hears every event");
        hub.ObserverFailures.Should().Be(2);
        var records = logger.Collector.GetSnapshot();
        records.Should().HaveCount(2).And.OnlyContain(r => r.Level == LogLevel.Error && r.Id.Id == 1020 && r.Exception is InvalidOperationException);
        records[0].Message.Should().Contain(typeof(Faulty).FullName!).And.Contain(nameof(SubjectRemoved));
    }

    private sealed class Faulty : IObserver<MonitorEvent>
    {
        public int Calls { get; private set; }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error) => throw new InvalidOperationException("OnError must not be called for a failure of OnNext");

        public void OnNext(MonitorEvent value)
        {
            Calls++;
            throw new InvalidOperationException("observer bug");
        }
    }

    private sealed class Collect(List<MonitorEvent> events) : IObserver<MonitorEvent>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(MonitorEvent value) => events.Add(value);
    }
}
