using CrisisKit.Mentions;

namespace CrisisKit.Simulation;

/// <summary>
/// A simulated stretch of social-media traffic about one subject: ordinary traffic with daily and weekly
/// seasonality, plus scripted events. Run it with <see cref="ScenarioSimulator"/>; <see cref="Scenarios"/> has
/// ready-made ones.
/// </summary>
public sealed record Scenario
{
    /// <summary>A short name (for example <c>viral-complaint</c>).</summary>
    public required string Name { get; init; }

    /// <summary>What the scenario shows, in a sentence.</summary>
    public string Description { get; init; } = "";

    /// <summary>The subject the mentions concern; every generated mention matches it.</summary>
    public required MonitoredSubject Subject { get; init; }

    /// <summary>The brand name written in the generated texts; the first of the subject's keywords by default.</summary>
    public string? BrandName { get; init; }

    /// <summary>When the scenario starts.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>How long it runs; more than zero and at most 90 days.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Average ordinary mentions per hour over a week (the daily and weekly rhythm moves around it); more than 0, at most 1,000,000.</summary>
    public double BaselineMentionsPerHour { get; init; } = 150;

    /// <summary>The share of mentions written in Greek, from 0 to 1 (the rest in English).</summary>
    public double GreekShare { get; init; } = 0.3;

    /// <summary>How many distinct ordinary authors post; at least 100.</summary>
    public int AuthorPoolSize { get; init; } = 20_000;

    /// <summary>The scripted events, each starting inside the scenario.</summary>
    public IReadOnlyList<ScriptedEvent> Events { get; init; } = [];

    /// <summary>What really happens: one entry per scripted event, in script order.</summary>
    public IReadOnlyList<GroundTruthEvent> GroundTruth =>
        [.. Events.Select(e => new GroundTruthEvent(e.Kind, Start + e.Onset, Start + e.Onset + e.Duration, e.Kind is not (ScriptedEventKind.BotFlood or ScriptedEventKind.Recovery), Describe(e.Kind)))];

    /// <summary>Lists what is wrong with the scenario, each message naming the property; empty when it is valid.</summary>
    /// <returns>The problems found.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add("Scenario.Name must not be empty.");
        }

        if (Subject is null)
        {
            errors.Add("Scenario.Subject is required.");
        }
        else
        {
            errors.AddRange(Subject.Validate().Select(e => $"Scenario.Subject: {e}"));
            if (string.IsNullOrWhiteSpace(BrandName) && Subject.Keywords.Count == 0)
            {
                errors.Add("Scenario.BrandName is required when the subject has no keywords.");
            }
        }

        if (Duration <= TimeSpan.Zero || Duration > TimeSpan.FromDays(90))
        {
            errors.Add($"Scenario.Duration must be more than zero and at most 90 days (was {Duration}).");
        }

        if (!(BaselineMentionsPerHour > 0 && BaselineMentionsPerHour <= 1_000_000))
        {
            errors.Add($"Scenario.BaselineMentionsPerHour must be more than 0 and at most 1000000 (was {BaselineMentionsPerHour}).");
        }

        if (!(GreekShare >= 0 && GreekShare <= 1))
        {
            errors.Add($"Scenario.GreekShare must be between 0 and 1 (was {GreekShare}).");
        }

        if (AuthorPoolSize is < 100 or > 10_000_000)
        {
            errors.Add($"Scenario.AuthorPoolSize must be between 100 and 10000000 (was {AuthorPoolSize}).");
        }

        for (var i = 0; i < (Events?.Count ?? 0); i++)
        {
            var e = Events![i];
            if (e is null)
            {
                errors.Add($"Scenario.Events[{i}] is null.");
                continue;
            }

            if (!Enum.IsDefined(e.Kind))
            {
                errors.Add($"Scenario.Events[{i}].Kind {(int)e.Kind} is not a ScriptedEventKind.");
            }

            if (e.Onset < TimeSpan.Zero || e.Onset >= Duration)
            {
                errors.Add($"Scenario.Events[{i}].Onset must fall inside the scenario, from 0 to before {Duration} (was {e.Onset}).");
            }

            if (e.Duration <= TimeSpan.Zero)
            {
                errors.Add($"Scenario.Events[{i}].Duration must be more than zero (was {e.Duration}).");
            }

            if (!(e.Intensity > 0 && e.Intensity <= 20))
            {
                errors.Add($"Scenario.Events[{i}].Intensity must be more than 0 and at most 20 (was {e.Intensity}).");
            }
        }

        if (Events is null)
        {
            errors.Add("Scenario.Events must not be null.");
        }

        return errors;
    }

    private static string Describe(ScriptedEventKind kind) => kind switch
    {
        ScriptedEventKind.ViralComplaint => "A complaint by a high-reach account goes viral through replies, quotes and shares.",
        ScriptedEventKind.ProductDefect => "Complaints about a product defect with a safety angle build slowly.",
        ScriptedEventKind.DataBreach => "A data breach is disclosed; alarmed customers and news accounts post at once.",
        ScriptedEventKind.AdBacklash => "An advertisement is judged offensive; a boycott hashtag spreads.",
        ScriptedEventKind.BotFlood => "Bots flood the brand's name with near-identical promotional spam (not a crisis).",
        ScriptedEventKind.Recovery => "Customers thank the brand as the problem is resolved (not a crisis).",
        _ => kind.ToString(),
    };
}
