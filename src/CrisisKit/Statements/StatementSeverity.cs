namespace CrisisKit.Statements;

/// <summary>How much a <see cref="StatementFinding"/> matters before the statement goes out.</summary>
public enum StatementSeverity
{
    /// <summary>A hint; the statement can go out as it is.</summary>
    Info = 0,

    /// <summary>Weak crisis-communication practice worth fixing; the statement can still go out.</summary>
    Warning = 1,

    /// <summary>A blocker: the statement must not go out as it is (an unfilled placeholder, an empty draft, a post too long for its platform).</summary>
    Error = 2,
}
