namespace CrisisKit.Correlation;

/// <summary>Figures of a candidate's signal buckets, for judging how bad it is.</summary>
public sealed record CandidateMetrics
{
    /// <summary>Mentions in the signal buckets.</summary>
    public long Mentions { get; init; }

    /// <summary>Negative mentions in the signal buckets.</summary>
    public long NegativeMentions { get; init; }

    /// <summary>The most mentions in one signal bucket.</summary>
    public int PeakMentions { get; init; }

    /// <summary>The mentions the volume detector expected for that busiest bucket.</summary>
    public double ExpectedMentions { get; init; }

    /// <summary>The highest negative share of a signal bucket with at least five mentions (or of any bucket, if none had five).</summary>
    public double PeakNegativeShare { get; init; }

    /// <summary>The negative share usual for the subject before the candidate.</summary>
    public double UsualNegativeShare { get; init; }

    /// <summary>The sum of the followers of the signal buckets' authors (potential reach).</summary>
    public double PotentialReach { get; init; }

    /// <summary>The most followers of an author of a negative mention in the signal buckets.</summary>
    public long TopNegativeAuthorFollowers { get; init; }

    /// <summary>That author's handle, if any.</summary>
    public string? TopNegativeAuthor { get; init; }

    /// <summary>The most shares, quotes and replies in one signal bucket.</summary>
    public int PeakSpread { get; init; }

    /// <summary>The shares, quotes and replies usual for one bucket before the candidate.</summary>
    public double UsualSpread { get; init; }

    /// <summary>The platforms the signal buckets' mentions came from.</summary>
    public IReadOnlyList<string> Platforms { get; init; } = [];

    /// <summary>The crisis category with the most evidence, if the category detector contributed.</summary>
    public CrisisKit.Categories.CrisisCategory? Category { get; init; }

    /// <summary>The ratio of <see cref="PeakMentions"/> to <see cref="ExpectedMentions"/> (with one mention added to both).</summary>
    public double VolumeRatio => (PeakMentions + 1.0) / (ExpectedMentions + 1.0);
}
