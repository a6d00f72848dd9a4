namespace CrisisKit.Ingestion;

/// <summary>
/// Thrown by a <see cref="MentionReader"/> set to <see cref="MalformedInputHandling.FailFast"/> at the first
/// record it cannot read. The mentions read before it were already returned.
/// </summary>
public sealed class MalformedMentionException : FormatException
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    /// <param name="error">The record that could not be read.</param>
    public MalformedMentionException(MentionReadError error)
        : base(error?.ToString())
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>The record that could not be read: where and why.</summary>
    public MentionReadError Error { get; }
}
