using CrisisKit.Categories;
using CrisisKit.Incidents;
using CrisisKit.Severity;
using CrisisKit.Testing;

namespace CrisisKit.Tests.Incidents;

public class IncidentModelTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 3, 14, 0, 0, TimeSpan.Zero);

    internal static IReadOnlyList<IncidentEvent> Timeline() => IncidentTimelines.EveryEventKind(T0);

    [Fact]
    public void Every_event_kind_round_trips_through_json()
    {
        foreach (var e in Timeline())
        {
            var json = IncidentEventJson.Serialize(e);
            IncidentEventJson.Deserialize(json).Should().BeEquivalentTo(e, o => o.RespectingRuntimeTypes(), json);
        }

        IncidentEventJson.Serialize(Timeline()[5]).Should().Be("""{"type":"status","from":"Detected","to":"Acknowledged","by":"maria","at":"2026-03-03T14:07:00+00:00"}""");
    }

    [Fact]
    public void The_incident_is_folded_from_its_timeline()
    {
        var incident = Incident.FromTimeline("inc", Timeline());

        incident.Status.Should().Be(IncidentStatus.Resolved);
        incident.IsOpen.Should().BeFalse();
        incident.Severity.Should().Be(SeverityLevel.High);
        incident.ProtocolId.Should().Be("data-breach");
        incident.Acknowledged.Should().Be((T0.AddMinutes(7), "maria"));
        incident.FirstResponseAt.Should().Be(T0.AddMinutes(25));
        incident.Approvals.Should().BeEquivalentTo(["legal-sign-off"]);
        incident.SentNotifications.Should().BeEquivalentTo(["inc/data-breach/0/0/maria/webhook"]);
        incident.Version.Should().Be(13);
    }

    [Theory]
    [InlineData(IncidentStatus.Detected, IncidentStatus.Acknowledged, true)]
    [InlineData(IncidentStatus.Detected, IncidentStatus.Dismissed, true)]
    [InlineData(IncidentStatus.Detected, IncidentStatus.Resolved, false)]
    [InlineData(IncidentStatus.Acknowledged, IncidentStatus.Responding, true)]
    [InlineData(IncidentStatus.Responding, IncidentStatus.Monitoring, true)]
    [InlineData(IncidentStatus.Monitoring, IncidentStatus.Responding, true)]
    [InlineData(IncidentStatus.Resolved, IncidentStatus.Reviewed, true)]
    [InlineData(IncidentStatus.Reviewed, IncidentStatus.Responding, false)]
    [InlineData(IncidentStatus.Dismissed, IncidentStatus.Acknowledged, false)]
    public void One_table_says_which_status_changes_are_allowed(IncidentStatus from, IncidentStatus to, bool allowed)
    {
        IncidentLifecycle.CanMove(from, to).Should().Be(allowed);
    }

    [Fact]
    public void An_illegal_change_is_rejected_with_what_is_allowed()
    {
        var act = () => IncidentLifecycle.EnsureCanMove("inc-1", IncidentStatus.Detected, IncidentStatus.Resolved);
        act.Should().Throw<IncidentTransitionException>().WithMessage("Incident 'inc-1' is Detected and cannot become Resolved; from Detected it can become Acknowledged or Dismissed.");

        var final = () => IncidentLifecycle.EnsureCanMove("inc-1", IncidentStatus.Dismissed, IncidentStatus.Acknowledged);
        final.Should().Throw<IncidentTransitionException>().WithMessage("*is Dismissed, which is final*");
    }

    [Fact]
    public async Task The_in_memory_store_appends_atomically_and_refuses_a_stale_writer()
    {
        var store = new InMemoryIncidentStore();
        var events = Timeline();
        (await store.AppendAsync("inc", 0, events.Take(3).ToList())).Should().Be(3);
        (await store.AppendAsync("inc", 3, events.Skip(3).Take(2).ToList())).Should().Be(5);

        var stale = async () => await store.AppendAsync("inc", 3, [events[5]]);
        await stale.Should().ThrowAsync<IncidentConcurrencyException>().WithMessage("Incident 'inc' has 5 events but the writer expected 3*");

        var duplicate = async () => await store.AppendAsync("inc", 0, events.Take(1).ToList());
        await duplicate.Should().ThrowAsync<IncidentConcurrencyException>();

        var headless = async () => await store.AppendAsync("other", 0, [events[1]]);
        await headless.Should().ThrowAsync<ArgumentException>().WithMessage("*must start with IncidentOpened*");

        (await store.GetAsync("inc"))!.Version.Should().Be(5);
        (await store.ListAsync(openOnly: true)).Should().Equal("inc");
        (await store.GetAsync("missing")).Should().BeNull();
    }
}
