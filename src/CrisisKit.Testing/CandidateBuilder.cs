using CrisisKit.Categories;
using CrisisKit.Correlation;
using CrisisKit.Detection;

namespace CrisisKit.Testing;

/// <summary>
/// Builds a <see cref="CrisisCandidate"/> as detection would raise it, with plausible defaults (a negative-share signal
/// five minutes before <c>at</c>, 40 mentions at the peak against 12 expected, 30 % negative), so a test states only
/// what it is about.
/// </summary>
public sealed class CandidateBuilder
{
    private readonly DateTimeOffset _peakAt;
    private string _subjectId = "veltro";
    private string? _id;
    private CrisisCategory? _category;
    private int _peakMentions = 40;
    private double _expectedMentions = 12;
    private double _negativeShare = 0.3;
    private double _usualNegativeShare = 0.1;
    private string _critic = "critic";
    private long _criticFollowers = 20_000;
    private double _score = 0.9;

    /// <summary>Starts a candidate whose peak (and first signal) is at <paramref name="peakAt"/>.</summary>
    /// <param name="peakAt">When the signal peaked.</param>
    public CandidateBuilder(DateTimeOffset peakAt) => _peakAt = peakAt;

    /// <summary>The monitored subject (default <c>veltro</c>).</summary>
    /// <param name="subjectId">The subject's id.</param>
    /// <returns>This builder.</returns>
    public CandidateBuilder ForSubject(string subjectId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subjectId);
        _subjectId = subjectId;
        return this;
    }

    /// <summary>The candidate's id (default: the subject and the peak time, as detection names them).</summary>
    /// <param name="id">The id.</param>
    /// <returns>This builder.</returns>
    public CandidateBuilder WithId(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        _id = id;
        return this;
    }

    /// <summary>The dominant complaint category (default none).</summary>
    /// <param name="category">The category, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public CandidateBuilder InCategory(CrisisCategory? category)
    {
        _category = category;
        return this;
    }

    /// <summary>The peak bucket's mentions against the expected level.</summary>
    /// <param name="mentions">Mentions in the peak bucket.</param>
    /// <param name="expected">The level the baseline expected.</param>
    /// <returns>This builder.</returns>
    public CandidateBuilder WithVolume(int mentions, double expected = 12)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(mentions);
        ArgumentOutOfRangeException.ThrowIfNegative(expected);
        _peakMentions = mentions;
        _expectedMentions = expected;
        return this;
    }

    /// <summary>The share of negative mentions at the peak against the usual share.</summary>
    /// <param name="share">Negative share at the peak, 0 to 1.</param>
    /// <param name="usual">The usual share, 0 to 1.</param>
    /// <returns>This builder.</returns>
    public CandidateBuilder WithNegativeShare(double share, double usual = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(share);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(share, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(usual);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(usual, 1);
        _negativeShare = share;
        _usualNegativeShare = usual;
        return this;
    }

    /// <summary>The most-followed negative author.</summary>
    /// <param name="author">The author's handle.</param>
    /// <param name="followers">Their followers.</param>
    /// <returns>This builder.</returns>
    public CandidateBuilder WithCritic(string author, long followers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(author);
        ArgumentOutOfRangeException.ThrowIfNegative(followers);
        _critic = author;
        _criticFollowers = followers;
        return this;
    }

    /// <summary>The detector's peak score (default 0.9).</summary>
    /// <param name="score">The score, 0 to 1.</param>
    /// <returns>This builder.</returns>
    public CandidateBuilder WithScore(double score)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(score);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(score, 1);
        _score = score;
        return this;
    }

    /// <summary>Builds the candidate.</summary>
    /// <returns>A new candidate.</returns>
    public CrisisCandidate Build() => new()
    {
        Id = _id ?? $"{_subjectId}-{_peakAt.UtcDateTime:yyyyMMdd'T'HHmm}",
        SubjectId = _subjectId,
        FirstSignalAt = _peakAt,
        LastSignalAt = _peakAt,
        PeakAt = _peakAt,
        PeakScore = _score,
        SignalCount = 1,
        Reasons = [new CandidateReason("negative-share", _peakAt, _score, $"negative share {_negativeShare:P0} vs {_usualNegativeShare:P0} usual")],
        Metrics = new CandidateMetrics
        {
            Mentions = _peakMentions,
            NegativeMentions = (long)(_peakMentions * _negativeShare),
            PeakMentions = _peakMentions,
            ExpectedMentions = _expectedMentions,
            PeakNegativeShare = _negativeShare,
            UsualNegativeShare = _usualNegativeShare,
            PotentialReach = 10_000.0 * _peakMentions,
            TopNegativeAuthorFollowers = _criticFollowers,
            TopNegativeAuthor = _critic,
            PeakSpread = 10,
            UsualSpread = 4,
            Platforms = ["x", "facebook"],
            Category = _category,
        },
    };
}
