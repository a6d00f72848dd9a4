namespace CrisisKit.Statements;

/// <summary>A range of UTF-16 units in a statement draft.</summary>
/// <param name="start">The index of the first unit.</param>
/// <param name="length">The number of units; 0 for a finding about something missing.</param>
public readonly struct StatementSpan(int start, int length)
{
    /// <summary>The index of the first unit.</summary>
    public int Start { get; } = start;

    /// <summary>The number of units; 0 for a finding about something missing.</summary>
    public int Length { get; } = length;

    /// <summary>The empty span at the start of the draft, used by findings about something the draft lacks.</summary>
    public static StatementSpan None => default;

    /// <summary>The index just past the span.</summary>
    public int End => Start + Length;

    /// <summary>Whether the span covers no text.</summary>
    public bool IsEmpty => Length == 0;

    /// <summary>The text the span covers in <paramref name="draft"/>.</summary>
    /// <param name="draft">The draft the span was found in.</param>
    /// <returns>The covered text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="draft"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The span does not lie inside <paramref name="draft"/>.</exception>
    public string Slice(string draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return draft.Substring(Start, Length);
    }
}
