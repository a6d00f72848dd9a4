namespace CrisisKit.Simulation;

/// <summary>The kinds of event a <see cref="Scenario"/> can script.</summary>
public enum ScriptedEventKind
{
    /// <summary>A complaint posted by a high-reach account that spreads through replies, quotes and shares within minutes.</summary>
    ViralComplaint = 0,

    /// <summary>A product defect (with a safety angle) whose complaints build slowly over hours or days.</summary>
    ProductDefect = 1,

    /// <summary>A data-breach disclosure: a sudden burst of alarmed mentions, with news accounts among the first.</summary>
    DataBreach = 2,

    /// <summary>A backlash against an advertisement judged offensive, rallying behind a boycott hashtag.</summary>
    AdBacklash = 3,

    /// <summary>A spam or bot flood: very many near-identical promotional posts from new, unfollowed accounts. A false alarm, not a crisis.</summary>
    BotFlood = 4,

    /// <summary>Recovery after a good response: thanks and praise as the complaint is resolved. Not a crisis.</summary>
    Recovery = 5,
}

/// <summary>One scripted event of a <see cref="Scenario"/>.</summary>
/// <param name="Kind">What happens.</param>
/// <param name="Onset">When it starts, from the scenario's start.</param>
/// <param name="Duration">How long it lasts.</param>
/// <param name="Intensity">How strong it is relative to its kind's usual strength (1 = usual); greater than 0, at most 20.</param>
public sealed record ScriptedEvent(ScriptedEventKind Kind, TimeSpan Onset, TimeSpan Duration, double Intensity = 1.0);

/// <summary>What really happened in a scenario, for judging a detector.</summary>
/// <param name="Kind">The event's kind.</param>
/// <param name="Onset">When it started.</param>
/// <param name="End">When it ended.</param>
/// <param name="IsCrisis">Whether a detector should raise it as a crisis (<see langword="false"/> for a bot flood or a recovery).</param>
/// <param name="Description">What happened, in words.</param>
public sealed record GroundTruthEvent(ScriptedEventKind Kind, DateTimeOffset Onset, DateTimeOffset End, bool IsCrisis, string Description);
