namespace CrisisKit.Detection;

/// <summary>What a detector made of one bucket.</summary>
/// <param name="Detector">The detector's name.</param>
/// <param name="Score">From 0 (nothing unusual) to 1 (certainly unusual).</param>
/// <param name="Reason">Why, in words and numbers; <see langword="null"/> when the score is below <see cref="ExplainFrom"/>.</param>
public readonly record struct DetectorSignal(string Detector, double Score, string? Reason)
{
    /// <summary>The score from which a detector explains itself (below it, no reason text is built, so quiet buckets allocate nothing).</summary>
    public const double ExplainFrom = 0.25;
}
