namespace CrisisKit.Ingestion;

/// <summary>A record a <see cref="MentionReader"/> could not read, and why.</summary>
/// <param name="source">The name of what was being read (the source name given to <see cref="MentionReader.ReadAsync"/>, such as a file path).</param>
/// <param name="lineNumber">The 1-based line on which the record starts.</param>
/// <param name="reason">What is wrong, in words (for example <c>missing required property 'id'</c>).</param>
/// <param name="excerpt">The start of the offending record (at most 200 characters), to help find it.</param>
public sealed class MentionReadError(string source, long lineNumber, string reason, string excerpt)
{
    /// <summary>The name of what was being read (the source name given to <see cref="MentionReader.ReadAsync"/>, such as a file path).</summary>
    public string Source { get; } = source;

    /// <summary>The 1-based line on which the record starts.</summary>
    public long LineNumber { get; } = lineNumber;

    /// <summary>What is wrong, in words (for example <c>missing required property 'id'</c>).</summary>
    public string Reason { get; } = reason;

    /// <summary>The start of the offending record (at most 200 characters), to help find it.</summary>
    public string Excerpt { get; } = excerpt;

    /// <inheritdoc />
    public override string ToString() => $"{Source}:{LineNumber}: {Reason}";
}
