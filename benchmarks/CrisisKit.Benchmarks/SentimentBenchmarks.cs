using BenchmarkDotNet.Attributes;
using CrisisKit.Benchmarking;
using CrisisKit.Categories;
using CrisisKit.Sentiment;
using CrisisKit.Simulation;

namespace CrisisKit.Benchmarks;

/// <summary>
/// English enrichment: one operation scores (or categorizes, or only tokenizes) one tweet. Uses the VADER tweets development file from
/// <c>../shared/data/sentiment</c> when it is there (real tweets), otherwise English texts from the simulator.
/// </summary>
[MemoryDiagnoser]
public class SentimentBenchmarks
{
    private string[] _texts = null!;
    private LexiconSentimentAnalyzer _analyzer = null!;
    private LexiconCrisisCategorizer _categorizer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _analyzer = new LexiconSentimentAnalyzer();
        _categorizer = new LexiconCrisisCategorizer();
        var file = FindData("sentiment/vader-tweets-dev.tsv");
        _texts = file is not null
            ? [.. LabelledText.ReadTsv(file).Rows.Select(r => r.Text)]
            : [.. new ScenarioSimulator(Scenarios.ViralComplaint).Generate().Where(m => m.Language == "en").Take(5000).Select(m => m.Text)];
        Console.WriteLine($"// {_texts.Length} texts from {file ?? "the simulator"}");
    }

    [Benchmark(OperationsPerInvoke = 2000)]
    public double AnalyzeEnglishTweet()
    {
        var sum = 0.0;
        var texts = _texts;
        for (var i = 0; i < 2000; i++)
        {
            sum += _analyzer.Analyze(texts[i % texts.Length], "en").Compound;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = 2000)]
    public double CategorizeEnglishTweet()
    {
        var sum = 0.0;
        var texts = _texts;
        for (var i = 0; i < 2000; i++)
        {
            sum += _categorizer.Categorize(texts[i % texts.Length], "en")[CrisisCategory.Outage];
        }

        return sum;
    }

    private char[] _decoded = new char[256];
    private char[] _chars = new char[256];
    private SentimentToken[] _tokens = new SentimentToken[64];

    [Benchmark(OperationsPerInvoke = 2000)]
    public int TokenizeEnglishTweet()
    {
        var sum = 0;
        var texts = _texts;
        for (var i = 0; i < 2000; i++)
        {
            var counts = default(TextCounts);
            sum += SentimentTokenizer.Tokenize(texts[i % texts.Length], null, ref _decoded, ref _chars, ref _tokens, ref counts);
        }

        return sum;
    }

    /// <summary>Finds a file under the shared data folder next to the repository, walking up from the current directory.</summary>
    internal static string? FindData(string relative)
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "data", relative);
            if (File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        return null;
    }
}
