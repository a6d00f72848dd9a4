namespace CrisisKit.Statements;

/// <summary>The result of reviewing a statement draft.</summary>
/// <param name="Findings">What the review found, most severe first and then in the order they appear in the draft.</param>
/// <param name="Score">A quality score from 0 (empty or unusable) to 100 (no findings).</param>
/// <param name="Language">The language whose cues were used (<c>en</c>, <c>el</c>, ...), or <see langword="null"/> when no cues exist for the draft's language and only the language-independent rules ran.</param>
public sealed record StatementReview(IReadOnlyList<StatementFinding> Findings, int Score, string? Language)
{
    /// <summary>Whether the statement can go out: no finding has severity <see cref="StatementSeverity.Error"/>.</summary>
    public bool IsReady => !Findings.Any(f => f.Severity == StatementSeverity.Error);
}
