using CrisisKit.Aggregation;
using CrisisKit.Detection;

namespace CrisisKit.Testing;

/// <summary>
/// Builds a series of <see cref="MentionBucket"/>s stretch by stretch (a quiet baseline, then a burst, ...), for
/// evaluations, reports and detectors under test. Negative mentions score -0.6 and the others +0.1 in the sentiment
/// sum; each mention is from its own author with 5,000 followers.
/// </summary>
public sealed class BucketSeriesBuilder
{
    private readonly List<MentionBucket> _buckets = [];
    private readonly TimeSpan _bucketSize;
    private DateTimeOffset _next;

    /// <summary>Starts a series at <paramref name="start"/> with buckets of <paramref name="bucketSize"/>.</summary>
    /// <param name="start">The first bucket's start.</param>
    /// <param name="bucketSize">The bucket length; positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bucketSize"/> is not positive.</exception>
    public BucketSeriesBuilder(DateTimeOffset start, TimeSpan bucketSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(bucketSize, TimeSpan.Zero);
        _next = start;
        _bucketSize = bucketSize;
    }

    /// <summary>The start of the next bucket to be added.</summary>
    public DateTimeOffset Next => _next;

    /// <summary>Adds <paramref name="length"/> (rounded up to whole buckets) of buckets with the same counts.</summary>
    /// <param name="length">How long the stretch lasts.</param>
    /// <param name="mentions">Mentions per bucket.</param>
    /// <param name="negativeShare">The share of them that are negative, 0 to 1.</param>
    /// <returns>This builder.</returns>
    public BucketSeriesBuilder Add(TimeSpan length, int mentions, double negativeShare = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(length, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(mentions);
        ArgumentOutOfRangeException.ThrowIfNegative(negativeShare);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(negativeShare, 1);
        var count = (int)Math.Ceiling(length / _bucketSize);
        var negative = (int)Math.Round(mentions * negativeShare, MidpointRounding.AwayFromZero);
        for (var i = 0; i < count; i++)
        {
            _buckets.Add(new MentionBucket(_next, mentions, negative, (-0.6 * negative) + (0.1 * (mentions - negative)), 5_000.0 * mentions, mentions, 0, 0));
            _next += _bucketSize;
        }

        return this;
    }

    /// <summary>Adds stretches until <paramref name="end"/> (exclusive).</summary>
    /// <param name="end">Where the stretch ends; after <see cref="Next"/>.</param>
    /// <param name="mentions">Mentions per bucket.</param>
    /// <param name="negativeShare">The share of them that are negative, 0 to 1.</param>
    /// <returns>This builder.</returns>
    public BucketSeriesBuilder Until(DateTimeOffset end, int mentions, double negativeShare = 0.1) => Add(end - _next, mentions, negativeShare);

    /// <summary>The buckets so far, oldest first.</summary>
    /// <returns>A copy of the series.</returns>
    public IReadOnlyList<MentionBucket> Build() => [.. _buckets];
}
