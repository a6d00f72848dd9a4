using CrisisKit.Mentions;

namespace CrisisKit.Simulation;

/// <summary>
/// Ready-made scenarios about Veltro, a fictional mobile-phone brand with customers in English and Greek. Each
/// starts on Monday 2 March 2026 at 00:00 UTC; each event starts after at least a day of ordinary traffic.
/// </summary>
public static class Scenarios
{
    /// <summary>When every built-in scenario starts.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The fictional brand every built-in scenario is about.</summary>
    public static MonitoredSubject Veltro { get; } = new()
    {
        Id = "veltro",
        Name = "Veltro",
        Kind = SubjectKind.Brand,
        Keywords = ["veltro", "veltro mobile"],
        Handles = ["@VeltroCare"],
        Hashtags = ["#Veltro"],
    };

    /// <summary>A week of ordinary traffic and nothing else: the daily and weekly rhythm a detector must not raise.</summary>
    public static Scenario NormalWeek { get; } = Create("normal-week", "A week of ordinary traffic with its daily and weekly rhythm; no crisis.", TimeSpan.FromDays(7));

    /// <summary>A complaint by a high-reach account goes viral on Tuesday at 14:00.</summary>
    public static Scenario ViralComplaint { get; } = Create(
        "viral-complaint", "A complaint by an account with 850,000 followers goes viral on Tuesday at 14:00.", TimeSpan.FromDays(3),
        new ScriptedEvent(ScriptedEventKind.ViralComplaint, TimeSpan.FromHours(38), TimeSpan.FromHours(12)));

    /// <summary>Overheating complaints about a phone build slowly from Tuesday 09:00 over a day and a half.</summary>
    public static Scenario ProductDefect { get; } = Create(
        "product-defect", "Overheating and swelling-battery complaints build slowly from Tuesday 09:00 over 36 hours.", TimeSpan.FromDays(4),
        new ScriptedEvent(ScriptedEventKind.ProductDefect, TimeSpan.FromHours(33), TimeSpan.FromHours(36)));

    /// <summary>A data breach is disclosed on Tuesday at 10:30.</summary>
    public static Scenario DataBreach { get; } = Create(
        "data-breach", "A data breach is disclosed on Tuesday at 10:30; customers and news accounts react at once.", TimeSpan.FromDays(3),
        new ScriptedEvent(ScriptedEventKind.DataBreach, TimeSpan.FromHours(34.5), TimeSpan.FromHours(24)));

    /// <summary>An advertisement aired on Tuesday at 19:00 draws a boycott campaign.</summary>
    public static Scenario AdBacklash { get; } = Create(
        "ad-backlash", "An advertisement aired on Tuesday at 19:00 is judged offensive; #BoycottVeltro spreads within the hour.", TimeSpan.FromDays(3),
        new ScriptedEvent(ScriptedEventKind.AdBacklash, TimeSpan.FromHours(43), TimeSpan.FromHours(18)));

    /// <summary>Spam bots flood the brand's name on Tuesday from 03:00 for four hours: a false alarm.</summary>
    public static Scenario BotFlood { get; } = Create(
        "bot-flood", "Spam bots flood the brand's name on Tuesday from 03:00 for four hours; volume jumps but it is not a crisis.", TimeSpan.FromDays(3),
        new ScriptedEvent(ScriptedEventKind.BotFlood, TimeSpan.FromHours(27), TimeSpan.FromHours(4)));

    /// <summary>A viral complaint on Tuesday at 11:00, then recovery after a good response from 20:00.</summary>
    public static Scenario Recovery { get; } = Create(
        "recovery", "A viral complaint on Tuesday at 11:00, answered well: from 20:00 thanks and praise take over.", TimeSpan.FromDays(4),
        new ScriptedEvent(ScriptedEventKind.ViralComplaint, TimeSpan.FromHours(35), TimeSpan.FromHours(10)),
        new ScriptedEvent(ScriptedEventKind.Recovery, TimeSpan.FromHours(44), TimeSpan.FromHours(24)));

    /// <summary>Every built-in scenario.</summary>
    public static IReadOnlyList<Scenario> All { get; } = [NormalWeek, ViralComplaint, ProductDefect, DataBreach, AdBacklash, BotFlood, Recovery];

    /// <summary>Finds a built-in scenario by name (case-insensitive).</summary>
    /// <param name="name">The scenario's <see cref="Scenario.Name"/>.</param>
    /// <returns>The scenario.</returns>
    /// <exception cref="ArgumentException">No scenario has that name; the message lists the names.</exception>
    public static Scenario Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"No scenario is named '{name}'; the scenarios are: {string.Join(", ", All.Select(s => s.Name))}.", nameof(name));
    }

    private static Scenario Create(string name, string description, TimeSpan duration, params ScriptedEvent[] events) => new()
    {
        Name = name,
        Description = description,
        Subject = Veltro,
        BrandName = "Veltro",
        Start = Start,
        Duration = duration,
        BaselineMentionsPerHour = 150,
        GreekShare = 0.3,
        Events = events,
    };
}
