using CrisisKit.Mentions;
using CrisisKit.Monitoring;
using CrisisKit.Simulation;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisKit.Tests.Simulation;

public class ScenarioSimulatorTests
{
    private static readonly Dictionary<(string, int), List<Mention>> Cache = [];

    private static List<Mention> Run(Scenario scenario, int seed = 1)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue((scenario.Name, seed), out var mentions))
            {
                Cache[(scenario.Name, seed)] = mentions = [.. new ScenarioSimulator(scenario, seed).Generate()];
            }

            return mentions;
        }
    }

    private static int CountBetween(List<Mention> mentions, DateTimeOffset from, DateTimeOffset to) =>
        mentions.Count(m => m.Timestamp >= from && m.Timestamp < to);

    [Fact]
    public void Same_seed_gives_the_same_stream_and_another_seed_a_different_one()
    {
        var first = new ScenarioSimulator(Scenarios.AdBacklash, seed: 5).Generate().ToList();
        var again = new ScenarioSimulator(Scenarios.AdBacklash, seed: 5).Generate().ToList();
        var other = new ScenarioSimulator(Scenarios.AdBacklash, seed: 6).Generate().ToList();

        again.Should().Equal(first);
        other.Select(m => m.Text).Should().NotEqual(first.Select(m => m.Text));
    }

    [Fact]
    public void Another_seed_or_scenario_makes_ids_of_its_own()
    {
        var streams = new[] { (Scenarios.NormalWeek, 1), (Scenarios.NormalWeek, 2), (Scenarios.DataBreach, 1), (Scenarios.DataBreach, 2) };
        var ids = streams.SelectMany(s => Run(s.Item1, s.Item2).Select(m => (m.Platform, m.Id))).ToList();

        ids.Should().OnlyHaveUniqueItems("a monitor fed several simulated streams must not take one for a duplicate of another");
    }

    [Theory]
    [MemberData(nameof(AllScenarios))]
    public void Streams_are_in_time_order_inside_the_scenario_with_unique_ids(string name)
    {
        var scenario = Scenarios.Get(name);
        var mentions = Run(scenario);

        mentions.Should().NotBeEmpty();
        mentions.Select(m => m.Timestamp).Should().BeInAscendingOrder();
        mentions.Select(m => (m.Platform, m.Id)).Should().OnlyHaveUniqueItems();
        mentions.Should().OnlyContain(m => m.Timestamp >= scenario.Start && m.Timestamp < scenario.Start + scenario.Duration);
    }

    [Theory]
    [MemberData(nameof(AllScenarios))]
    public void Every_mention_concerns_the_scenario_subject(string name)
    {
        var scenario = Scenarios.Get(name);
        var services = new ServiceCollection();
        services.AddCrisisKit(o => o.Subjects.Add(scenario.Subject));
        using var provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<ICrisisMonitor>();
        Run(scenario).Should().OnlyContain(m => monitor.Ingest(m).MatchedSubjects == 1);
    }

    public static TheoryData<string> AllScenarios() => [.. Scenarios.All.Select(s => s.Name)];

    [Fact]
    public void Ground_truth_names_each_event_with_its_onset_and_whether_it_is_a_crisis()
    {
        Scenarios.NormalWeek.GroundTruth.Should().BeEmpty();
        Scenarios.ViralComplaint.GroundTruth.Should().ContainSingle().Which.Should().Match<GroundTruthEvent>(g =>
            g.Kind == ScriptedEventKind.ViralComplaint && g.IsCrisis
            && g.Onset == new DateTimeOffset(2026, 3, 3, 14, 0, 0, TimeSpan.Zero) && g.End == g.Onset.AddHours(12));
        Scenarios.BotFlood.GroundTruth.Should().ContainSingle().Which.IsCrisis.Should().BeFalse();
        Scenarios.Recovery.GroundTruth.Select(g => (g.Kind, g.IsCrisis)).Should().Equal(
            (ScriptedEventKind.ViralComplaint, true), (ScriptedEventKind.Recovery, false));
        Scenarios.All.Where(s => s.Name != "normal-week").Should().OnlyContain(s => s.GroundTruth.Count > 0);
    }

    [Theory]
    [InlineData("viral-complaint", 3.0)]
    [InlineData("data-breach", 3.0)]
    [InlineData("ad-backlash", 2.0)]
    [InlineData("bot-flood", 5.0)]
    public void Sudden_events_multiply_volume_in_the_hour_after_onset_compared_with_the_same_hour_a_day_earlier(string name, double factor)
    {
        var scenario = Scenarios.Get(name);
        var mentions = Run(scenario);
        var onset = scenario.GroundTruth[0].Onset;
        var after = CountBetween(mentions, onset.AddMinutes(15), onset.AddMinutes(75));
        var dayBefore = CountBetween(mentions, onset.AddDays(-1).AddMinutes(15), onset.AddDays(-1).AddMinutes(75));
        after.Should().BeGreaterThan((int)(dayBefore * factor));
    }

    [Fact]
    public void Product_defect_complaints_build_gradually()
    {
        var scenario = Scenarios.ProductDefect;
        var mentions = Run(scenario);
        var onset = scenario.GroundTruth[0].Onset;
        int Defects(double fromHours, double toHours) =>
            mentions.Count(m => m.Timestamp >= onset.AddHours(fromHours) && m.Timestamp < onset.AddHours(toHours) && (m.Text.Contains("X9", StringComparison.Ordinal) && (m.Text.Contains("hot", StringComparison.Ordinal) || m.Text.Contains("fire", StringComparison.Ordinal) || m.Text.Contains("swell", StringComparison.Ordinal) || m.Text.Contains("overheat", StringComparison.Ordinal) || m.Text.Contains("ζεσταίν", StringComparison.Ordinal) || m.Text.Contains("φουσκ", StringComparison.Ordinal) || m.Text.Contains("υπερθερμ", StringComparison.Ordinal))));

        var first = Defects(0, 6);
        var middle = Defects(15, 21);
        var late = Defects(30, 36);
        first.Should().BeLessThan(middle);
        middle.Should().BeLessThan(late);
        Defects(-6, 0).Should().Be(0, "nothing about the defect is said before its onset");
    }

    [Fact]
    public void A_viral_complaint_starts_with_a_high_reach_post_that_reactions_reply_to_or_quote()
    {
        var scenario = Scenarios.ViralComplaint;
        var mentions = Run(scenario);
        var onset = scenario.GroundTruth[0].Onset;
        var original = mentions.First(m => m.Timestamp >= onset);

        original.Author.Followers.Should().BeGreaterThan(500_000);
        original.Author.Verified.Should().BeTrue();
        original.Engagement.Shares.Should().BeGreaterThan(1000);
        var reactions = mentions.Where(m => m.InReplyToId == original.Id || m.QuotedId == original.Id).ToList();
        reactions.Count.Should().BeGreaterThan(500);
        reactions.Should().OnlyContain(r => r.Timestamp >= onset);
        reactions.Should().Contain(r => r.InReplyToId != null).And.Contain(r => r.QuotedId != null);
    }

    [Fact]
    public void A_bot_flood_comes_from_unfollowed_accounts_with_near_identical_text_and_no_engagement()
    {
        var scenario = Scenarios.BotFlood;
        var truth = scenario.GroundTruth[0];
        var flood = Run(scenario).Where(m => m.Timestamp >= truth.Onset && m.Timestamp < truth.End && m.Text.Contains("bit.ly", StringComparison.Ordinal)).ToList();

        flood.Count.Should().BeGreaterThan(1000);
        flood.Should().OnlyContain(m => m.Author.Followers < 20 && m.Engagement.Equals(default(MentionEngagement)));
        var shapes = flood.Select(m => new string(m.Text.Where(c => !char.IsDigit(c)).ToArray())).Distinct().Count();
        shapes.Should().BeLessThan(60, "bots repeat a handful of messages");
    }

    [Fact]
    public void Ordinary_traffic_peaks_in_the_day_and_is_quiet_at_night()
    {
        var mentions = Run(Scenarios.NormalWeek);
        var byHour = mentions.GroupBy(m => m.Timestamp.Hour).ToDictionary(g => g.Key, g => g.Count());
        byHour[20].Should().BeGreaterThan(byHour[3] * 4);
        byHour[12].Should().BeGreaterThan(byHour[3] * 4);
        var weekday = mentions.Count(m => m.Timestamp.DayOfWeek == DayOfWeek.Wednesday);
        var sunday = mentions.Count(m => m.Timestamp.DayOfWeek == DayOfWeek.Sunday);
        sunday.Should().BeLessThan(weekday);
        mentions.Count.Should().BeInRange(150 * 24 * 7 * 9 / 10, 150 * 24 * 7 * 11 / 10, "the baseline is an hourly average");
    }

    [Fact]
    public void Followers_are_heavy_tailed_and_languages_follow_the_greek_share()
    {
        var mentions = Run(Scenarios.NormalWeek);
        var authors = mentions.Select(m => m.Author).DistinctBy(a => a.Handle).OrderByDescending(a => a.Followers).ToList();
        var top = authors.Take(authors.Count / 100).Sum(a => a.Followers);
        var all = authors.Sum(a => a.Followers);
        (top / (double)all).Should().BeGreaterThan(0.3, "the top 1% of authors hold a large share of the reach");
        authors[authors.Count / 2].Followers.Should().BeLessThan(1000, "the median author is small");

        var greek = mentions.Where(m => m.Language == "el").ToList();
        (greek.Count / (double)mentions.Count).Should().BeApproximately(0.3, 0.02);
        greek.Should().OnlyContain(m => m.Text.Any(IsGreek));
        mentions.Select(m => m.Platform).Distinct().Count().Should().BeGreaterThan(5);
    }

    private static bool IsGreek(char c) => c is >= '\u0370' and <= '\u03FF';

    [Fact]
    public void Invalid_scenarios_are_rejected_naming_each_property()
    {
        var bad = Scenarios.ViralComplaint with
        {
            GreekShare = 1.5,
            BaselineMentionsPerHour = -1,
            Events = [new ScriptedEvent(ScriptedEventKind.DataBreach, TimeSpan.FromDays(10), TimeSpan.Zero)],
        };

        var act = () => new ScenarioSimulator(bad);

        act.Should().Throw<ArgumentException>()
            .WithMessage("*Scenario.BaselineMentionsPerHour must be more than 0*")
            .WithMessage("*Scenario.GreekShare must be between 0 and 1 (was 1.5)*")
            .WithMessage("*Scenario.Events[0].Onset must fall inside the scenario*")
            .WithMessage("*Scenario.Events[0].Duration must be more than zero*");
    }

    [Fact]
    public void Unknown_scenario_names_list_the_known_ones()
    {
        Scenarios.Get("DATA-BREACH").Should().BeSameAs(Scenarios.DataBreach);
        var act = () => Scenarios.Get("alien-invasion");
        act.Should().Throw<ArgumentException>().WithMessage("*normal-week, viral-complaint*");
    }
}
