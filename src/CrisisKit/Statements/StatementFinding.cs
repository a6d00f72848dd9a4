namespace CrisisKit.Statements;

/// <summary>One thing a <see cref="IStatementReviewer"/> noticed about a statement draft.</summary>
/// <param name="Rule">The rule's id, one of <see cref="StatementRule"/> (for example <c>acknowledges-issue</c>).</param>
/// <param name="Severity">How much it matters.</param>
/// <param name="Message">What is wrong, in plain English.</param>
/// <param name="Span">The offending text in the draft, or <see cref="StatementSpan.None"/> when the finding is about something missing.</param>
/// <param name="Suggestion">How to fix it, if the rule has a suggestion.</param>
public sealed record StatementFinding(StatementRule Rule, StatementSeverity Severity, string Message, StatementSpan Span, string? Suggestion = null);
