using CrisisKit.Sentiment;

namespace CrisisKit.Benchmarking;

/// <summary>How well a sentiment analyzer agrees with human labels, and how fast it is.</summary>
/// <param name="Count">Rows scored.</param>
/// <param name="Pearson">Pearson correlation of the compound score with the human rating; <see langword="null"/> when the data has labels, not ratings; <see cref="double.NaN"/> when the ratings or the scores are all the same, where r is undefined.</param>
/// <param name="MacroF1">The mean of the three classes' F1 scores.</param>
/// <param name="Accuracy">The share of rows classed right.</param>
/// <param name="F1">F1 per class: negative, neutral, positive.</param>
/// <param name="TextsPerSecond">Texts scored per second on one thread.</param>
/// <param name="Scores">The compound score per row, in input order.</param>
public sealed record SentimentEvaluation(int Count, double? Pearson, double MacroF1, double Accuracy, IReadOnlyDictionary<SentimentLabel, double> F1, double TextsPerSecond, IReadOnlyList<double> Scores)
{
    /// <summary>Scores <paramref name="rows"/> with <paramref name="analyzer"/> and compares with the human labels.</summary>
    /// <param name="rows">The labelled texts.</param>
    /// <param name="analyzer">The analyzer.</param>
    /// <param name="neutralThreshold">The neutral band's half-width for classing compound scores.</param>
    /// <param name="language">The texts' language, or <see langword="null"/> to let the analyzer decide.</param>
    /// <param name="minimumTimingSeconds">How long to keep scoring for the throughput figure (at least one pass).</param>
    /// <returns>The evaluation.</returns>
    public static SentimentEvaluation Run(IReadOnlyList<LabelledText> rows, ISentimentAnalyzer analyzer, double neutralThreshold = SentimentOptions.DefaultNeutralThreshold, string? language = null, double minimumTimingSeconds = 1.0)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(analyzer);
        if (rows.Count == 0)
        {
            throw new ArgumentException("There are no rows to evaluate.", nameof(rows));
        }

        var scores = rows.Select(r => analyzer.Analyze(r.Text, language).Compound).ToArray();
        double? pearson = rows.All(r => r.Rating is not null) ? Correlation(scores, [.. rows.Select(r => r.Rating!.Value)]) : null;

        var classes = new[] { SentimentLabel.Negative, SentimentLabel.Neutral, SentimentLabel.Positive };
        var predicted = scores.Select(s => new SentimentScore(s, 0, 0, 0).ToLabel(neutralThreshold)).ToArray();
        var f1 = new Dictionary<SentimentLabel, double>();
        foreach (var c in classes)
        {
            var tp = 0;
            var fp = 0;
            var fn = 0;
            for (var i = 0; i < rows.Count; i++)
            {
                var truth = rows[i].TrueLabel;
                if (predicted[i] == c && truth == c)
                {
                    tp++;
                }
                else if (predicted[i] == c)
                {
                    fp++;
                }
                else if (truth == c)
                {
                    fn++;
                }
            }

            f1[c] = tp == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn);
        }

        var accuracy = rows.Where((r, i) => r.TrueLabel == predicted[i]).Count() / (double)rows.Count;

        var clock = TimeProvider.System;
        var started = clock.GetTimestamp();
        var scored = 0L;
        var sink = 0.0;
        do
        {
            foreach (var row in rows)
            {
                sink += analyzer.Analyze(row.Text, language).Compound;
            }

            scored += rows.Count;
        }
        while (clock.GetElapsedTime(started).TotalSeconds < minimumTimingSeconds);

        GC.KeepAlive(sink);
        return new SentimentEvaluation(rows.Count, pearson, f1.Values.Average(), accuracy, f1, scored / clock.GetElapsedTime(started).TotalSeconds, scores);
    }

    /// <summary>Pearson's correlation coefficient of two equally long series.</summary>
    /// <param name="x">The first series.</param>
    /// <param name="y">The second series.</param>
    /// <returns>r, from -1 to 1; <see cref="double.NaN"/> when either series is constant, where r is undefined (not 0, which would claim no correlation).</returns>
    public static double Correlation(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count || x.Count < 2)
        {
            throw new ArgumentException("Both series need the same length, at least 2.");
        }

        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }

        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }
}
