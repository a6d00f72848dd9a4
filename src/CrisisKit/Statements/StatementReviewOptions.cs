namespace CrisisKit.Statements;

/// <summary>Settings of <see cref="RuleBasedStatementReviewer"/>, validated at start-up.</summary>
public sealed class StatementReviewOptions
{
    /// <summary>
    /// Extra statement cues per language code, in the statement lexicon format (sections such as <c>[apology]</c> or
    /// <c>[blame]</c> with one phrase per line; see <c>docs/statements.md</c>). Added to the built-in cues of that
    /// language (<c>en</c>, <c>el</c>), or a whole new language.
    /// </summary>
    public IDictionary<string, string> Lexicons { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The length, in characters (grapheme clusters), above which a social post gets a warning even when its platform
    /// allows more: long posts are cut off behind "see more" and read poorly in a crisis. Default 600; at least 1.
    /// Press releases have no limit.
    /// </summary>
    public int SocialSoftLimit { get; set; } = 600;
}
