using CrisisKit.Categories;
using CrisisKit.Mentions;
using CrisisKit.Monitoring;
using CrisisKit.Sentiment;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;

namespace CrisisKit.Orleans;

/// <summary>The default <see cref="IMentionRouter"/>; see the interface for its rules.</summary>
internal sealed class MentionRouter : IMentionRouter, IDisposable
{
    private const long NoWatermark = long.MinValue;

    private readonly Guid _id = Guid.NewGuid();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly IGrainFactory _grains;
    private readonly CrisisKitOptions _options;
    private readonly CrisisKitOrleansOptions _orleansOptions;
    private readonly long _graceTicks;
    private readonly long _bucketTicks;
    private readonly ISentimentAnalyzer _sentiment;
    private readonly ICrisisCategorizer _categorizer;
    private readonly LexiconSentimentAnalyzer? _lexiconSentiment;
    private readonly LexiconCrisisCategorizer? _lexiconCategorizer;
    private readonly StripedMentionDeduplicator _deduplicator;
    private readonly SubjectMatcher _matcher;
    private readonly Dictionary<string, SubjectChannel> _channels = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _watermark = NoWatermark;
    private long _announcedThrough = long.MinValue;

    public MentionRouter(IGrainFactory grains, IOptions<CrisisKitOptions> options, IOptions<Detection.DetectionOptions> detectionOptions, IOptions<CrisisKitOrleansOptions> orleansOptions, ISentimentAnalyzer sentiment, ICrisisCategorizer categorizer, TimeProvider time, ILogger<MentionRouter> logger)
    {
        _grains = grains;
        _options = options.Value;
        _orleansOptions = orleansOptions.Value;
        _graceTicks = detectionOptions.Value.GracePeriod.Ticks;
        _bucketTicks = detectionOptions.Value.BucketSize.Ticks;
        _sentiment = sentiment;
        _categorizer = categorizer;
        if (sentiment is LexiconSentimentAnalyzer lexiconSentiment && categorizer is LexiconCrisisCategorizer lexiconCategorizer)
        {
            _lexiconSentiment = lexiconSentiment;
            _lexiconCategorizer = lexiconCategorizer;
        }

        _deduplicator = new StripedMentionDeduplicator(_options.DuplicateWindow, _options.DuplicateTrackingCapacity);
        _matcher = SubjectMatcher.Create(_options.Subjects);
        _time = time;
        _logger = logger;
    }

    public async Task<RouteResult> RouteAsync(IReadOnlyList<Mention> mentions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mentions);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (matched, unmatched, duplicates, rejected, buffers) = Prepare(mentions);
            var through = ((_watermark - _graceTicks) / _bucketTicks) - 1;
            var announce = _watermark != NoWatermark && through > _announcedThrough;
            if (announce)
            {
                _announcedThrough = through;
            }

            foreach (var subject in _matcher.Subjects)
            {
                var hasMentions = buffers.TryGetValue(subject.Id, out var buffer);
                if (!hasMentions && !announce)
                {
                    continue;
                }

                var channel = Channel(subject.Id);
                channel.Retained.Add(new SubjectBatch { Router = _id, Sequence = ++channel.Last, WatermarkTicks = _watermark, Mentions = hasMentions ? [.. buffer!] : [] });
            }

            var pending = _channels.Values.Where(c => c.Applied < c.Last).ToList();
            var calls = 0;
            var sends = pending.Select(async c => Interlocked.Add(ref calls, await SendAsync(c, cancellationToken).ConfigureAwait(false))).ToList();
            try
            {
                await Task.WhenAll(sends).ConfigureAwait(false);
            }
            catch (Exception) when (sends.Any(t => t.IsFaulted) && !cancellationToken.IsCancellationRequested)
            {
                throw new AggregateException("Some subject grains could not be reached; their batches are kept and sent with the next call.", sends.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions));
            }

            return new RouteResult(matched, unmatched, duplicates, rejected, calls);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Validates, matches, de-duplicates and enriches the batch; returns the counts and each subject's mentions.</summary>
    private (int Matched, int Unmatched, int Duplicates, int Rejected, Dictionary<string, List<RoutedMention>> Buffers) Prepare(IReadOnlyList<Mention> mentions)
    {
        var buffers = new Dictionary<string, List<RoutedMention>>(StringComparer.Ordinal);
        Span<int> matches = stackalloc int[Math.Min(Math.Max(_matcher.Subjects.Count, 1), 256)];
        var wide = _matcher.Subjects.Count > matches.Length ? new int[_matcher.Subjects.Count] : null;
        int matched = 0, unmatched = 0, duplicates = 0, rejected = 0;

        // The whole batch is checked before any mention is remembered or moves the watermark: a refused batch changes nothing.
        foreach (var mention in mentions)
        {
            if (mention is null || string.IsNullOrEmpty(mention.Id) || string.IsNullOrEmpty(mention.Platform) || mention.Author is null || string.IsNullOrEmpty(mention.Author.Handle) || mention.Text is null)
            {
                throw new ArgumentException("A mention needs an Id, a Platform, an Author with a Handle, and a Text (which may be empty).", nameof(mentions));
            }
        }

        foreach (var mention in mentions)
        {
            if (!Plausible(mention.Timestamp))
            {
                rejected++;
                continue;
            }

            var destination = wide is null ? matches : wide;
            var count = _matcher.Match(mention, destination);
            if (count == 0)
            {
                unmatched++;
                continue;
            }

            var timestamp = mention.Timestamp.UtcTicks;
            var watermark = _watermark > timestamp ? new DateTimeOffset(_watermark, TimeSpan.Zero) : mention.Timestamp;
            if (!_deduplicator.TryAdd(mention.Key, mention.Timestamp, watermark))
            {
                duplicates++;
                continue;
            }

            _watermark = Math.Max(_watermark, timestamp);
            matched++;
            SentimentScore sentiment;
            CategoryScores categories;
            if (_lexiconSentiment is { } lexiconSentiment && _lexiconCategorizer is { } lexiconCategorizer)
            {
                sentiment = lexiconSentiment.Analyze(mention.Text, mention.Language, out var tokenized);
                categories = lexiconCategorizer.Categorize(mention.Text, mention.Language, tokenized);
            }
            else
            {
                sentiment = _sentiment.Analyze(mention.Text, mention.Language);
                categories = _categorizer.Categorize(mention.Text, mention.Language);
            }

            var routed = RoutedMention.From(mention, sentiment, categories, _watermark);
            foreach (var index in destination[..count])
            {
                var id = _matcher.Subjects[index].Id;
                if (!buffers.TryGetValue(id, out var buffer))
                {
                    buffers[id] = buffer = [];
                }

                buffer.Add(routed);
            }
        }

        return (matched, unmatched, duplicates, rejected, buffers);
    }

    private bool Plausible(DateTimeOffset timestamp) =>
        timestamp >= _options.EarliestMentionTime && timestamp <= MentionTime.Latest(_time.GetUtcNow(), _options.MaxFutureSkew);

    /// <summary>Sends a subject's batches until the grain has applied the last one; returns the calls made.</summary>
    private async Task<int> SendAsync(SubjectChannel channel, CancellationToken cancellationToken)
    {
        var grain = _grains.GetGrain<ISubjectIngestGrain>(channel.SubjectId);
        var calls = 0;
        var attempt = 0;
        var delay = _orleansOptions.RetryDelay;
        while (channel.Applied < channel.Last)
        {
            var next = channel.Applied + 1;
            var batch = channel.Retained.Find(b => b.Sequence == next)
                ?? throw new InvalidOperationException($"Subject grain '{channel.SubjectId}' has applied this router's batches through {channel.Applied}, but the router holds only batches after {channel.Retained[0].Sequence - 1}: its grain storage lost a write it had acknowledged.");
            BatchReceipt receipt;
            try
            {
                calls++;
                receipt = await grain.ApplyAsync(batch).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException && ++attempt < _orleansOptions.MaxSendAttempts)
            {
                _logger.BatchSendFailed(e, batch.Sequence, channel.SubjectId, attempt, _orleansOptions.MaxSendAttempts);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                delay *= 2;
                continue;
            }

            attempt = 0;
            if (receipt.Applied < batch.Sequence - 1)
            {
                _logger.BatchesResent(channel.SubjectId, receipt.Applied, (int)(channel.Last - receipt.Applied));
            }

            channel.Applied = receipt.Applied;
            channel.Retained.RemoveAll(b => b.Sequence <= receipt.Persisted);
        }

        return calls;
    }

    public void Dispose() => _gate.Dispose();

    private SubjectChannel Channel(string subjectId)
    {
        if (!_channels.TryGetValue(subjectId, out var channel))
        {
            _channels[subjectId] = channel = new SubjectChannel(subjectId);
        }

        return channel;
    }

    /// <summary>What the router knows of one subject grain: the last batch sequenced, the last it applied, and the batches it has not yet written.</summary>
    private sealed class SubjectChannel(string subjectId)
    {
        public string SubjectId { get; } = subjectId;

        public long Last { get; set; }

        public long Applied { get; set; }

        public List<SubjectBatch> Retained { get; } = [];
    }
}
