using CrisisKit.Incidents;
using CrisisKit.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CrisisKit.Tests.Diagnostics;

public class InMemoryIncidentStoreLoggingTests
{
    [Fact]
    public async Task Appends_and_refused_appends_are_logged_at_debug()
    {
        var logger = new FakeLogger<InMemoryIncidentStore>();
        var store = new InMemoryIncidentStore(logger);
        IReadOnlyList<IncidentEvent> opened = [IncidentTimelines.Opened("acme", new DateTimeOffset(2026, 3, 3, 14, 0, 0, TimeSpan.Zero))];

        await store.AppendAsync("inc-1", 0, opened);
        var stale = () => store.AppendAsync("inc-1", 0, opened).AsTask();
        await stale.Should().ThrowAsync<IncidentConcurrencyException>();

        logger.Collector.GetSnapshot().Select(r => (r.Id.Id, r.Level, r.Message)).Should().Equal(
            (3001, LogLevel.Debug, $"InMemoryIncidentStore appended {opened.Count} events to incident inc-1; version {opened.Count}"),
            (3002, LogLevel.Debug, $"InMemoryIncidentStore refused an append to incident inc-1: the writer expected version 0, the store has {opened.Count}"));
    }
}
