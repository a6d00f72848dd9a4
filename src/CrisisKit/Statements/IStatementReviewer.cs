namespace CrisisKit.Statements;

/// <summary>
/// Reviews a draft crisis statement against crisis-communication practice before it is published. Implementations
/// are safe to call from many threads. The default is <see cref="RuleBasedStatementReviewer"/>.
/// </summary>
public interface IStatementReviewer
{
    /// <summary>Reviews <paramref name="draft"/>.</summary>
    /// <param name="draft">The statement text; an empty or white-space draft gives a single <c>empty</c> error.</param>
    /// <param name="context">The statement's language, platform, crisis category and brand.</param>
    /// <returns>The findings, whether the statement is ready, and a score.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="draft"/> or <paramref name="context"/> is <see langword="null"/>.</exception>
    StatementReview Review(string draft, StatementContext context);
}
