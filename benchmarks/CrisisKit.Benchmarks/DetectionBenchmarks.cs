using BenchmarkDotNet.Attributes;
using CrisisKit.Categories;
using CrisisKit.Correlation;
using CrisisKit.Detection;
using CrisisKit.Mentions;
using CrisisKit.Sentiment;
using CrisisKit.Simulation;

namespace CrisisKit.Benchmarks;

/// <summary>
/// Aggregation, all six detectors, the composite and correlation, from enriched mentions (sentiment and categories
/// computed beforehand): the first million mentions (about two days) of one busy brand
/// (20,000 mentions an hour at the daily mean, with a data breach on the second day). One operation is one mention.
/// </summary>
[MemoryDiagnoser]
public class DetectionBenchmarks
{
    private const int MentionCount = 1_000_000;
    private static readonly DetectionOptions Options = new();
    private Mention[] _mentions = null!;
    private SentimentScore[] _sentiment = null!;
    private CategoryScores[] _categories = null!;
    private SubjectDetection _detection = null!;
    private readonly List<(CandidateChange, CrisisCandidate)> _changes = [];

    [GlobalSetup]
    public void Setup()
    {
        var scenario = Scenarios.DataBreach with { Duration = TimeSpan.FromDays(3), BaselineMentionsPerHour = 20_000 };
        _mentions = [.. new ScenarioSimulator(scenario, 7).Generate().Take(MentionCount)];
        if (_mentions.Length != MentionCount)
        {
            throw new InvalidOperationException($"The scenario gave {_mentions.Length} mentions, fewer than {MentionCount}.");
        }

        var analyzer = new LexiconSentimentAnalyzer(new SentimentOptions());
        var categorizer = new LexiconCrisisCategorizer(new CategorizerOptions());
        _sentiment = [.. _mentions.Select(m => analyzer.Analyze(m.Text, m.Language))];
        _categories = [.. _mentions.Select(m => categorizer.Categorize(m.Text, m.Language))];
        Console.WriteLine($"// {_mentions.Length:N0} mentions from {_mentions[0].Timestamp:ddd HH:mm} to {_mentions[^1].Timestamp:ddd HH:mm}");
    }

    [IterationSetup]
    public void Fresh() => _detection = new SubjectDetection(Scenarios.Veltro, Options, new CrisisDetectors(Microsoft.Extensions.Options.Options.Create(Options)));

    [Benchmark(OperationsPerInvoke = MentionCount)]
    public int AggregateDetectCorrelate()
    {
        var bucketTicks = Options.BucketSize.Ticks;
        var graceTicks = Options.GracePeriod.Ticks;
        var closed = long.MinValue;
        var mentions = _mentions;
        for (var i = 0; i < mentions.Length; i++)
        {
            var mention = mentions[i];
            var through = ((mention.Timestamp.UtcTicks - graceTicks) / bucketTicks) - 1;
            if (through > closed)
            {
                closed = through;
                _detection.CloseThrough(through, _changes);
            }

            _detection.Series.Add(mention, _sentiment[i], _categories[i]);
        }

        var changes = _changes.Count;
        _changes.Clear();
        return changes;
    }
}
