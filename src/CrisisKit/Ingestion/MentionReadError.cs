namespace CrisisKit.Ingestion;

/// <summary>A record a <see cref="MentionReader"/> could not read, and why.</summary>
/// <param name="Source">The name of what was being read (the source name given to <see cref="MentionReader.ReadAsync"/>, such as a file path).</param>
/// <param name="LineNumber">The 1-based line on which the record starts.</param>
/// <param name="Reason">What is wrong, in words (for example <c>missing required property 'id'</c>).</param>
/// <param name="Excerpt">The start of the offending record (at most 200 characters), to help find it.</param>
public sealed record MentionReadError(string Source, long LineNumber, string Reason, string Excerpt)
{
    /// <inheritdoc />
    public override string ToString() => $"{Source}:{LineNumber}: {Reason}";
}
