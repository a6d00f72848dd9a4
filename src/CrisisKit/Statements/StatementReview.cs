namespace CrisisKit.Statements;

/// <summary>The result of reviewing a statement draft.</summary>
/// <param name="findings">What the review found, most severe first and then in the order they appear in the draft.</param>
/// <param name="score">A quality score from 0 (empty or unusable) to 100 (no findings).</param>
/// <param name="language">The language whose cues were used (<c>en</c>, <c>el</c>, ...), or <see langword="null"/> when no cues exist for the draft's language and only the language-independent rules ran.</param>
public sealed class StatementReview(IReadOnlyList<StatementFinding> findings, int score, string? language)
{
    /// <summary>What the review found, most severe first and then in the order they appear in the draft.</summary>
    public IReadOnlyList<StatementFinding> Findings { get; } = findings;

    /// <summary>A quality score from 0 (empty or unusable) to 100 (no findings).</summary>
    public int Score { get; } = score;

    /// <summary>The language whose cues were used (<c>en</c>, <c>el</c>, ...), or <see langword="null"/> when no cues exist for the draft's language and only the language-independent rules ran.</summary>
    public string? Language { get; } = language;

    /// <summary>Whether the statement can go out: no finding has severity <see cref="StatementSeverity.Error"/>.</summary>
    public bool IsReady => !Findings.Any(f => f.Severity == StatementSeverity.Error);
}
