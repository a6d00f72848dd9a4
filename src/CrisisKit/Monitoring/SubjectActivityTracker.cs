using CrisisKit.Categories;
using CrisisKit.Mentions;
using CrisisKit.Sentiment;

namespace CrisisKit.Monitoring;

/// <summary>Accumulates one subject's <see cref="SubjectActivity"/> in bounded memory. Not thread-safe; the monitor serialises calls.</summary>
internal sealed class SubjectActivityTracker(string subjectId, int topAuthorsTracked)
{
    private const int TopByReachCount = 10;
    private const string UnknownLanguage = "und";
    private const double CategoryConfidence = 0.5;

    private readonly Dictionary<string, long> _languages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _platforms = new(StringComparer.Ordinal);
    private readonly HeavyHitters<string, MentionAuthor> _authors = new(topAuthorsTracked, StringComparer.OrdinalIgnoreCase);
    private readonly List<MentionAuthor> _topByReach = new(TopByReachCount + 1);
    private long _mentions;
    private long _late;
    private long _reach;
    private long _interactions;
    private long _negative;
    private double _sentimentSum;
    private readonly long[] _categories = new long[CrisisCategories.All.Count];
    private DateTimeOffset? _first;
    private DateTimeOffset? _last;

    public void Add(Mention mention, bool isLate, SentimentScore sentiment, CategoryScores categories)
    {
        _mentions++;
        _sentimentSum += sentiment.Compound;
        if (sentiment.ToLabel() == SentimentLabel.Negative)
        {
            _negative++;
        }

        if (categories.Primary is { } primary && categories[primary] >= CategoryConfidence)
        {
            _categories[(int)primary]++;
        }

        if (isLate)
        {
            _late++;
        }

        _reach += mention.Author.Followers;
        _interactions += mention.Engagement.Interactions;
        if (_first is null || mention.Timestamp < _first)
        {
            _first = mention.Timestamp;
        }

        if (_last is null || mention.Timestamp > _last)
        {
            _last = mention.Timestamp;
        }

        Increment(_languages, mention.Language ?? UnknownLanguage);
        Increment(_platforms, mention.Platform);
        _authors.Add(mention.Author.Handle, mention.Author);
        TrackReach(mention.Author);
    }

    public SubjectActivity Snapshot(int topCount) => new()
    {
        SubjectId = subjectId,
        Mentions = _mentions,
        LateMentions = _late,
        FirstMention = _first,
        LastMention = _last,
        PotentialReach = _reach,
        Interactions = _interactions,
        NegativeMentions = _negative,
        MeanSentiment = _mentions == 0 ? 0 : _sentimentSum / _mentions,
        Categories = [.. CrisisCategories.All.Where(c => _categories[(int)c] > 0).OrderByDescending(c => _categories[(int)c]).Select(c => new KeyValuePair<CrisisCategory, long>(c, _categories[(int)c]))],
        Languages = Sorted(_languages),
        Platforms = Sorted(_platforms),
        TopAuthors = [.. _authors.Top(topCount).Select(a => new AuthorActivity(a.Value.Handle, a.Count, a.Value.Followers, a.Value.Verified, a.Error))],
        TopAuthorsByReach = [.. _topByReach.Select(ByReach)],
    };

    private AuthorActivity ByReach(MentionAuthor author)
    {
        // An author pushed out of the heavy-hitters sketch is known to have posted at least once.
        var tracked = _authors.TryGet(author.Handle, out var count, out var error);
        return new AuthorActivity(author.Handle, tracked ? count : 1, author.Followers, author.Verified, tracked ? error : 0);
    }

    private void TrackReach(MentionAuthor author)
    {
        for (var i = 0; i < _topByReach.Count; i++)
        {
            if (string.Equals(_topByReach[i].Handle, author.Handle, StringComparison.OrdinalIgnoreCase))
            {
                _topByReach.RemoveAt(i);
                break;
            }
        }

        if (_topByReach.Count == TopByReachCount && author.Followers <= _topByReach[^1].Followers)
        {
            return;
        }

        var index = 0;
        while (index < _topByReach.Count && _topByReach[index].Followers >= author.Followers)
        {
            index++;
        }

        _topByReach.Insert(index, author);
        if (_topByReach.Count > TopByReachCount)
        {
            _topByReach.RemoveAt(_topByReach.Count - 1);
        }
    }

    private static void Increment(Dictionary<string, long> counts, string key)
    {
        counts.TryGetValue(key, out var count);
        counts[key] = count + 1;
    }

    private static KeyValuePair<string, long>[] Sorted(Dictionary<string, long> counts) =>
        [.. counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)];
}
