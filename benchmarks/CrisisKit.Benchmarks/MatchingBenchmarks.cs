using BenchmarkDotNet.Attributes;
using CrisisKit.Mentions;

namespace CrisisKit.Benchmarks;

/// <summary>Subject matching: one operation is one mention matched against 100 subjects.</summary>
[MemoryDiagnoser]
public class MatchingBenchmarks
{
    private const int MentionCount = 10_000;
    private SubjectMatcher _matcher = null!;
    private Mention[] _mentions = null!;
    private int[] _destination = null!;

    [GlobalSetup]
    public void Setup()
    {
        _matcher = SubjectMatcher.Create(BenchmarkData.Subjects(100));
        _mentions = [.. BenchmarkData.Mentions(MentionCount)];
        _destination = new int[_matcher.Subjects.Count];
    }

    private char[] _chars = new char[256];
    private MatchToken[] _tokens = new MatchToken[64];

    [Benchmark(OperationsPerInvoke = MentionCount)]
    public int TokenizeOnly()
    {
        var total = 0;
        foreach (var mention in _mentions)
        {
            total += MatchTokenizer.Tokenize(mention.Text, ref _chars, ref _tokens);
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = MentionCount)]
    public int Match100Subjects()
    {
        var total = 0;
        foreach (var mention in _mentions)
        {
            total += _matcher.Match(mention, _destination);
        }

        return total;
    }
}
