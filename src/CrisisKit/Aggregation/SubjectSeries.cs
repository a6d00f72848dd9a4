using System.Buffers.Binary;
using System.Runtime.InteropServices;
using CrisisKit.Categories;
using CrisisKit.Detection;
using CrisisKit.Mentions;
using CrisisKit.Sentiment;
using CrisisKit.Snapshots;
using CrisisKit.Text;

namespace CrisisKit.Aggregation;

/// <summary>
/// One subject's mentions aggregated into fixed time buckets (<see cref="DetectionOptions.BucketSize"/>): the
/// closed buckets of the last <see cref="DetectionOptions.History"/>, newest last, plus the emerging-topic term
/// sketch and the most-followed negative author of each bucket. Memory is fixed when the series is created:
/// 28 bytes a bucket of history (56 KB for a week of 5-minute buckets), about 1 KB for the open buckets, and the
/// term sketch (about 95 bytes a slot). Detectors read it; the monitor writes it. Not thread-safe.
/// </summary>
public sealed class SubjectSeries : ISnapshotState
{
    private const float TermSmoothing = 1f / 288;
    private const int PackedFields = 7;

    /// <summary>The confidence from which a mention counts as citing a crisis category.</summary>
    internal const double CategoryCueConfidence = 0.5;
    private readonly long _bucketTicks;
    private readonly long _graceTicks;
    private readonly double _negativeThreshold;
    private readonly Packed[] _ring;
    private readonly Open[] _open = [new(), new()];
    private readonly TermSketch _terms;
    private readonly int[] _categories = new int[CrisisCategories.All.Count];
    private long _closedThrough = long.MinValue;
    private int _count;
    private long _late;
    private long _total;

    // The measured value of each bucket in the ring, kept only once a bucket has been appended with a value of its own
    // (a series of measurements rather than mentions); until then every bucket's value is its mention count.
    private double[]? _values;

    internal SubjectSeries(string subjectId, DetectionOptions options, IEnumerable<string> ownTerms)
    {
        SubjectId = subjectId;
        _bucketTicks = options.BucketSize.Ticks;
        _graceTicks = options.GracePeriod.Ticks;
        _negativeThreshold = options.NegativeThreshold;
        _ring = new Packed[options.HistoryBuckets];
        _terms = new TermSketch(options.TermSketchCapacity, ownTerms);
        BucketsPerDay = options.BucketsPerDay;
    }

    /// <summary>The subject's id.</summary>
    public string SubjectId { get; }

    /// <summary>The bucket length.</summary>
    public TimeSpan BucketSize => TimeSpan.FromTicks(_bucketTicks);

    /// <summary>How many buckets make a day.</summary>
    public int BucketsPerDay { get; }

    /// <summary>How many closed buckets are kept (at most the history length).</summary>
    public int Count => _count;

    /// <summary>How many buckets have been closed since the series started (it keeps counting past the history length).</summary>
    public long TotalBuckets => _total;

    /// <summary>Mentions that arrived after their bucket had closed: counted here, not bucketed.</summary>
    public long LateMentions => _late;

    /// <summary>The start of the newest closed bucket; <see cref="DateTimeOffset.MinValue"/> before any bucket closed.</summary>
    public DateTimeOffset LatestStart => _closedThrough == long.MinValue ? DateTimeOffset.MinValue : new DateTimeOffset(_closedThrough * _bucketTicks, TimeSpan.Zero);

    /// <summary>The bucket <paramref name="ago"/> buckets before the newest closed one (0 = the newest).</summary>
    /// <param name="ago">How far back, from 0 to <see cref="Count"/> − 1.</param>
    /// <returns>The bucket.</returns>
    public MentionBucket this[int ago]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(ago);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(ago, _count);
            ref readonly var p = ref At(ago);
            return new MentionBucket(new DateTimeOffset((_closedThrough - ago) * _bucketTicks, TimeSpan.Zero), p.Mentions, p.Negative, p.SentimentSum, p.Reach, p.UniqueAuthors, p.Shares, p.Replies);
        }
    }

    /// <summary>The mention count of the bucket <paramref name="ago"/> buckets back, without building a <see cref="MentionBucket"/>.</summary>
    /// <param name="ago">How far back, from 0 to <see cref="Count"/> − 1.</param>
    /// <returns>The count.</returns>
    public int MentionsAt(int ago) => (uint)ago < (uint)_count ? At(ago).Mentions : throw new ArgumentOutOfRangeException(nameof(ago));

    /// <summary>
    /// The measured value of the bucket <paramref name="ago"/> buckets back: its mention count, unless the bucket was
    /// appended with a value of its own (a series of measurements such as CPU load or latency, read from a file with
    /// <c>NabDetection.ScoreWith</c> or appended with <c>DetectorReplay.AppendValue</c>). A volume detector reads this rather
    /// than <see cref="MentionsAt"/> so it sees a measured series as it is, fractions included.
    /// </summary>
    /// <param name="ago">How far back, from 0 to <see cref="Count"/> − 1.</param>
    /// <returns>The value.</returns>
    public double ValueAt(int ago)
    {
        if ((uint)ago >= (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(ago));
        }

        return _values is null ? At(ago).Mentions : _values[(_closedThrough - ago) % _values.Length];
    }

    /// <summary>Whether some bucket was appended with a measured value of its own (see <see cref="ValueAt"/>).</summary>
    internal bool HasMeasuredValues => _values is not null;

    /// <summary>The closed buckets kept, oldest first.</summary>
    /// <returns>A copy of the buckets.</returns>
    public IReadOnlyList<MentionBucket> ToList()
    {
        var list = new MentionBucket[_count];
        for (var i = 0; i < _count; i++)
        {
            list[i] = this[_count - 1 - i];
        }

        return list;
    }

    /// <summary>The author with the most followers among the newest closed bucket's negative mentions, if any.</summary>
    public MentionAuthor? TopNegativeAuthor { get; private set; }

    /// <summary>
    /// How many of the newest closed bucket's mentions cite each crisis category (confidence at least 0.5), indexed
    /// by <see cref="CrisisCategory"/>. Only the newest bucket's counts are kept.
    /// </summary>
    public ReadOnlySpan<int> CategoryMentions => _categories;

    /// <summary>The platforms of the newest closed bucket's mentions, one bit per entry of <see cref="Platforms.Known"/> (bit 31: any other).</summary>
    public int PlatformMask { get; private set; }

    /// <summary>The compound sentiment of <see cref="TopNegativeAuthor"/>'s mention.</summary>
    public double TopNegativeAuthorSentiment { get; private set; }

    internal TermSketch Terms => _terms;

    internal int LatestParity => (int)(_closedThrough & 1);

    internal long LatestIndex => _closedThrough;

    /// <summary>Adds a mention to its bucket; returns <see langword="false"/> (and counts it late) when that bucket has closed.</summary>
    internal bool Add(Mention mention, SentimentScore sentiment, CategoryScores categories = default)
    {
        var terms = TermTokens.ForThread();
        TermSketch.Tokenize(mention.Text, terms);
        return Add(mention, sentiment, categories, terms);
    }

    /// <summary>
    /// Adds a mention whose terms <paramref name="terms"/> were found beforehand (once for all the subjects it
    /// concerns); returns <see langword="false"/> (and counts it late) when its bucket has closed.
    /// </summary>
    internal bool Add(Mention mention, SentimentScore sentiment, CategoryScores categories, TermTokens terms)
    {
        var index = mention.Timestamp.UtcTicks / _bucketTicks;
        if (_closedThrough == long.MinValue)
        {
            _closedThrough = index - 1;
        }

        if (index <= _closedThrough)
        {
            _late++;
            return false;
        }

        var open = _open[index & 1];
        if (open.Index != index)
        {
            open.Reset(index);
        }

        open.Mentions++;
        open.SentimentSum += sentiment.Compound;
        var negative = sentiment.Compound <= -_negativeThreshold && sentiment.Compound < 0;
        if (negative)
        {
            open.Negative++;
            if (open.TopNegative is null || mention.Author.Followers > open.TopNegative.Followers)
            {
                open.TopNegative = mention.Author;
                open.TopNegativeSentiment = sentiment.Compound;
            }
        }

        open.Reach += mention.Author.Followers;
        open.Shares += mention.Engagement.Shares + (mention.QuotedId is null ? 0 : 1);
        if (mention.InReplyToId is not null)
        {
            open.Replies++;
        }

        for (var category = 0; category < open.Categories.Length; category++)
        {
            if (categories[(CrisisCategory)category] >= CategoryCueConfidence)
            {
                open.Categories[category]++;
            }
        }

        open.PlatformMask |= PlatformBit(mention.Platform);
        DistinctCounter.Add(open.Authors, AuthorHash(mention.Author.Handle));
        _terms.AddTerms(terms, (int)(index & 1));
        return true;
    }

    /// <summary>The index of the newest bucket that may close once the mention-time watermark is <paramref name="watermark"/>.</summary>
    internal long ClosableThrough(DateTimeOffset watermark) => ((watermark.UtcTicks - _graceTicks) / _bucketTicks) - 1;

    /// <summary>Starts an empty series at <paramref name="watermark"/> so its first bucket is the current one.</summary>
    internal void StartAt(DateTimeOffset watermark)
    {
        if (_closedThrough == long.MinValue)
        {
            _closedThrough = ClosableThrough(watermark);
        }
    }

    /// <summary>Closes the next bucket if it may close at <paramref name="through"/>; returns whether it did.</summary>
    internal bool TryCloseNext(long through)
    {
        if (_closedThrough == long.MinValue || _closedThrough >= through)
        {
            return false;
        }

        var index = ++_closedThrough;
        var open = _open[index & 1];
        var packed = default(Packed);
        TopNegativeAuthor = null;
        TopNegativeAuthorSentiment = 0;
        Array.Clear(_categories);
        PlatformMask = 0;
        if (open.Index == index)
        {
            PlatformMask = open.PlatformMask;
            open.Categories.CopyTo(_categories, 0);
            packed = new Packed
            {
                Mentions = open.Mentions,
                Negative = open.Negative,
                SentimentSum = (float)open.SentimentSum,
                Reach = open.Reach,
                UniqueAuthors = DistinctCounter.Estimate(open.Authors),
                Shares = (int)Math.Min(int.MaxValue, open.Shares),
                Replies = open.Replies,
            };
            TopNegativeAuthor = open.TopNegative;
            TopNegativeAuthorSentiment = open.TopNegativeSentiment;
            open.Reset(index + 2);
        }

        _ring[index % _ring.Length] = packed;
        if (_values is not null)
        {
            _values[index % _values.Length] = packed.Mentions;
        }

        _count = Math.Min(_count + 1, _ring.Length);
        _total++;
        return true;
    }

    /// <summary>
    /// Jumps over a long silence: when more than the history separates the newest closed bucket from
    /// <paramref name="through"/>, the buckets in between are all empty, so the history is cleared and the series moves
    /// to one history-length before <paramref name="through"/> at once instead of closing each empty bucket.
    /// </summary>
    internal void SkipSilence(long through)
    {
        if (_closedThrough == long.MinValue || through - _closedThrough <= _ring.Length)
        {
            return;
        }

        var target = through - _ring.Length;
        _total += target - _closedThrough;
        _closedThrough = target;
        Array.Clear(_ring);
        if (_values is not null)
        {
            Array.Clear(_values);
        }

        _count = _ring.Length;
        foreach (var open in _open)
        {
            if (open.Index <= target)
            {
                open.Reset(long.MinValue);
            }
        }
    }

    /// <summary>Appends a ready-made bucket of <paramref name="mentions"/> mentions and nothing else (for volume-only series such as the NAB data).</summary>
    internal void Append(DateTimeOffset start, int mentions) => Append(new MentionBucket(start, mentions, 0, 0, 0, 0, 0, 0));

    /// <summary>
    /// Appends a ready-made bucket holding a measured <paramref name="value"/> (see <see cref="ValueAt"/>) and
    /// <paramref name="mentions"/> mentions; the buckets between close empty, with a value of 0.
    /// </summary>
    /// <exception cref="ArgumentException">The bucket does not start after the newest closed bucket.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The mention count is negative, or the value is not a finite number.</exception>
    internal void Append(DateTimeOffset start, int mentions, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A bucket's value must be a finite number.");
        }

        if (_values is null)
        {
            // From now on values are kept per bucket; the buckets already closed are worth their mention count.
            _values = new double[_ring.Length];
            for (var ago = 0; ago < _count; ago++)
            {
                _values[(_closedThrough - ago) % _values.Length] = At(ago).Mentions;
            }
        }

        Append(new MentionBucket(start, mentions, 0, 0, 0, 0, 0, 0));
        _values[_closedThrough % _values.Length] = value;
    }

    /// <summary>
    /// Appends a ready-made closed bucket: the buckets between the newest closed one and <paramref name="bucket"/> close
    /// empty, and the per-bucket details that a <see cref="MentionBucket"/> does not carry (top negative author,
    /// category counts, platforms, terms) are empty for it.
    /// </summary>
    /// <exception cref="ArgumentException">The bucket does not start after the newest closed bucket.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, or there are more negative mentions than mentions.</exception>
    internal void Append(MentionBucket bucket)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bucket.Mentions, nameof(bucket));
        ArgumentOutOfRangeException.ThrowIfNegative(bucket.NegativeMentions, nameof(bucket));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bucket.NegativeMentions, bucket.Mentions, nameof(bucket));
        var index = bucket.Start.UtcTicks / _bucketTicks;
        if (_closedThrough != long.MinValue && index <= _closedThrough)
        {
            throw new ArgumentException($"Buckets must be appended in time order; {bucket.Start:O} is not after {LatestStart:O}.", nameof(bucket));
        }

        if (_closedThrough == long.MinValue)
        {
            _closedThrough = index - 1;
        }

        while (_closedThrough < index - 1)
        {
            TryCloseNext(index - 1);
        }

        _open[index & 1].Reset(index);
        TryCloseNext(index);
        _ring[index % _ring.Length] = new Packed
        {
            Mentions = bucket.Mentions,
            Negative = bucket.NegativeMentions,
            SentimentSum = (float)bucket.SentimentSum,
            Reach = (float)bucket.PotentialReach,
            UniqueAuthors = Math.Max(0, bucket.UniqueAuthors),
            Shares = Math.Max(0, bucket.Shares),
            Replies = Math.Max(0, bucket.Replies),
        };
        if (_values is not null)
        {
            _values[index % _values.Length] = bucket.Mentions;
        }
    }

    /// <summary>Folds the newest closed bucket's term counts into the terms' background rates.</summary>
    internal void FinishTerms() => _terms.CloseBucket(LatestParity, TermSmoothing);

    void ISnapshotState.Write(SnapshotWriter writer)
    {
        writer.WriteInt64(Field.Buckets, _ring.Length);
        writer.WriteInt64(Field.ClosedThrough, _closedThrough);
        writer.WriteInt64(Field.Count, _count);
        writer.WriteInt64(Field.Total, _total);
        writer.WriteInt64(Field.Late, _late);

        // The ring as it is in memory: one record of PackedFields 4-byte values per bucket.
        writer.WriteInt64(Field.BucketFields, PackedFields);
        writer.WriteInt32s(Field.Ring, MemoryMarshal.Cast<Packed, int>(_ring.AsSpan()));
        foreach (var open in _open)
        {
            writer.WriteMessage(Field.Open, open);
        }

        writer.WriteMessage(Field.Terms, _terms);
        if (_values is not null)
        {
            writer.WriteDoubles(Field.Values, _values);
        }
    }

    void ISnapshotState.Read(ref SnapshotReader reader)
    {
        var opened = 0;
        var fields = PackedFields;
        ReadOnlySpan<byte> ring = default;
        while (reader.Next(out Field field))
        {
            switch (field)
            {
                case Field.Buckets:
                    if (reader.ReadInt64() is var buckets && buckets != _ring.Length)
                    {
                        throw new SnapshotDataException($"The snapshot keeps {buckets} buckets per subject and this monitor {_ring.Length}: it was taken with a different DetectionOptions.History or BucketSize.", corrupt: false);
                    }

                    break;
                case Field.ClosedThrough:
                    _closedThrough = reader.ReadInt64();
                    break;
                case Field.Count:
                    _count = reader.ReadInt32(0, _ring.Length);
                    break;
                case Field.Total:
                    _total = reader.ReadInt64() is >= 0 and var total ? total : throw reader.Corrupt("a negative bucket total");
                    break;
                case Field.Late:
                    _late = reader.ReadInt64() is >= 0 and var late ? late : throw reader.Corrupt("a negative late-mention count");
                    break;
                case Field.BucketFields:
                    fields = reader.ReadInt32(1, 1024);
                    break;
                case Field.Ring:
                    ring = reader.ReadBytes();
                    break;
                case Field.Open:
                    reader.ReadMessage(opened < _open.Length ? _open[opened++] : throw reader.Corrupt($"more than {_open.Length} open buckets"));
                    break;
                case Field.Terms:
                    reader.ReadMessage(_terms);
                    break;
                case Field.Values:
                    _values ??= new double[_ring.Length];
                    reader.ReadDoubles(_values);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (!ring.IsEmpty)
        {
            ReadRing(ring, fields);
        }
    }

    /// <summary>
    /// Fills the ring from records of <paramref name="fields"/> 4-byte values: a record longer than <see cref="Packed"/>
    /// (fields appended by a later release) has its extra values ignored, a shorter one leaves the missing fields 0.
    /// </summary>
    private void ReadRing(ReadOnlySpan<byte> ring, int fields)
    {
        if (ring.Length != _ring.Length * fields * 4)
        {
            throw new SnapshotDataException($"{ring.Length} bytes where {_ring.Length} buckets of {fields} 4-byte values were expected", "Ring (field 7)");
        }

        var cells = MemoryMarshal.Cast<Packed, int>(_ring.AsSpan());
        if (fields == PackedFields && BitConverter.IsLittleEndian)
        {
            ring.CopyTo(MemoryMarshal.AsBytes(cells));
            return;
        }

        var known = Math.Min(fields, PackedFields);
        for (var i = 0; i < _ring.Length; i++)
        {
            for (var f = 0; f < known; f++)
            {
                cells[(i * PackedFields) + f] = BinaryPrimitives.ReadInt32LittleEndian(ring[(((i * fields) + f) * 4)..]);
            }
        }
    }

    private ref readonly Packed At(int ago) => ref _ring[(_closedThrough - ago) % _ring.Length];

    /// <summary>The platform names of a <see cref="PlatformMask"/>.</summary>
    /// <param name="mask">The mask.</param>
    /// <returns>The names, in the order of <see cref="Platforms.Known"/>, then "other".</returns>
    internal static IReadOnlyList<string> PlatformsOf(int mask)
    {
        var names = new List<string>();
        for (var i = 0; i < Platforms.Known.Count && i < 31; i++)
        {
            if ((mask & (1 << i)) != 0)
            {
                names.Add(Platforms.Known[i]);
            }
        }

        if (mask < 0)
        {
            names.Add("other");
        }

        return names;
    }

    private static int PlatformBit(string platform)
    {
        var known = Platforms.Known;
        for (var i = 0; i < known.Count && i < 31; i++)
        {
            if (ReferenceEquals(known[i], platform) || string.Equals(known[i], platform, StringComparison.Ordinal))
            {
                return 1 << i;
            }
        }

        return int.MinValue;
    }

    private static ulong AuthorHash(string handle)
    {
        var hash = TermHash.Seed;
        foreach (var c in handle)
        {
            hash = TermHash.Step(hash, char.ToLowerInvariant(c));
        }

        return TermHash.Finish(hash, 2);
    }

    /// <summary>The fields of a series in snapshots (docs/snapshots.md); numbers are never reused.</summary>
    private enum Field
    {
        Buckets = 1,
        ClosedThrough = 2,
        Count = 3,
        Total = 4,
        Late = 5,

        BucketFields = 6,

        // The closed buckets in ring order (bucket index modulo Buckets), each a record of BucketFields 4-byte values:
        // the fields of Packed in its order. Fields are only ever appended to the record.
        Ring = 7,
        Open = 8,
        Terms = 9,

        // The measured value of each bucket in ring order, present only for a series appended with values.
        Values = 10,
    }

    /// <summary>A closed bucket in the ring: seven 4-byte fields, written to snapshots as they are (fields may be appended, never reordered).</summary>
    private struct Packed
    {
        public int Mentions;
        public int Negative;
        public int UniqueAuthors;
        public int Shares;
        public int Replies;
        public float SentimentSum;
        public float Reach;
    }

    private sealed class Open : ISnapshotState
    {
        public long Index = long.MinValue;
        public int Mentions;
        public int Negative;
        public double SentimentSum;
        public long Reach;
        public long Shares;
        public int Replies;
        public int PlatformMask;
        public MentionAuthor? TopNegative;
        public double TopNegativeSentiment;
        public readonly byte[] Authors = new byte[DistinctCounter.Registers];
        public readonly int[] Categories = new int[CrisisCategories.All.Count];

        public void Reset(long index)
        {
            Index = index;
            Mentions = Negative = Replies = PlatformMask = 0;
            SentimentSum = 0;
            Reach = Shares = 0;
            TopNegative = null;
            TopNegativeSentiment = 0;
            Array.Clear(Authors);
            Array.Clear(Categories);
        }

        void ISnapshotState.Write(SnapshotWriter writer)
        {
            writer.WriteInt64(OpenField.Index, Index);
            writer.WriteInt64(OpenField.Mentions, Mentions);
            writer.WriteInt64(OpenField.Negative, Negative);
            writer.WriteDouble(OpenField.SentimentSum, SentimentSum);
            writer.WriteInt64(OpenField.Reach, Reach);
            writer.WriteInt64(OpenField.Shares, Shares);
            writer.WriteInt64(OpenField.Replies, Replies);
            writer.WriteInt64(OpenField.PlatformMask, PlatformMask);
            if (TopNegative is { } author)
            {
                writer.WriteString(OpenField.TopNegativeHandle, author.Handle);
                writer.WriteInt64(OpenField.TopNegativeFollowers, author.Followers);
                writer.WriteBoolean(OpenField.TopNegativeVerified, author.Verified);
                writer.WriteDouble(OpenField.TopNegativeSentiment, TopNegativeSentiment);
            }

            writer.WriteBytes(OpenField.Authors, Authors);
            writer.WriteInt32s(OpenField.Categories, Categories);
        }

        void ISnapshotState.Read(ref SnapshotReader reader)
        {
            string? handle = null;
            long followers = 0;
            var verified = false;
            while (reader.Next(out OpenField field))
            {
                switch (field)
                {
                    case OpenField.Index:
                        Index = reader.ReadInt64();
                        break;
                    case OpenField.Mentions:
                        Mentions = reader.ReadInt32(0, int.MaxValue);
                        break;
                    case OpenField.Negative:
                        Negative = reader.ReadInt32(0, int.MaxValue);
                        break;
                    case OpenField.SentimentSum:
                        SentimentSum = reader.ReadDouble();
                        break;
                    case OpenField.Reach:
                        Reach = reader.ReadInt64();
                        break;
                    case OpenField.Shares:
                        Shares = reader.ReadInt64();
                        break;
                    case OpenField.Replies:
                        Replies = reader.ReadInt32(0, int.MaxValue);
                        break;
                    case OpenField.PlatformMask:
                        PlatformMask = reader.ReadInt32();
                        break;
                    case OpenField.TopNegativeHandle:
                        handle = reader.ReadString();
                        break;
                    case OpenField.TopNegativeFollowers:
                        followers = reader.ReadInt64();
                        break;
                    case OpenField.TopNegativeVerified:
                        verified = reader.ReadBoolean();
                        break;
                    case OpenField.TopNegativeSentiment:
                        TopNegativeSentiment = reader.ReadDouble();
                        break;
                    case OpenField.Authors:
                        reader.ReadBytes(Authors);
                        break;
                    case OpenField.Categories:
                        reader.ReadInt32sUpTo(Categories);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            TopNegative = handle is null ? null : new MentionAuthor(handle, followers, verified);
        }

        /// <summary>The fields of an open bucket in snapshots (docs/snapshots.md); numbers are never reused.</summary>
        private enum OpenField
        {
            Index = 1,
            Mentions = 2,
            Negative = 3,
            SentimentSum = 4,
            Reach = 5,
            Shares = 6,
            Replies = 7,
            PlatformMask = 8,
            TopNegativeHandle = 9,
            TopNegativeFollowers = 10,
            TopNegativeVerified = 11,
            TopNegativeSentiment = 12,
            Authors = 13,
            Categories = 14,
        }
    }
}
