namespace CrisisKit.Sentiment;

/// <summary>
/// Scores the sentiment of a short text, such as a social-media post. Implementations are pure functions of their
/// input, safe to call from many threads at once. The default is <see cref="LexiconSentimentAnalyzer"/>.
/// </summary>
public interface ISentimentAnalyzer
{
    /// <summary>Scores <paramref name="text"/>.</summary>
    /// <param name="text">The text; may be empty.</param>
    /// <param name="language">
    /// The text's ISO 639-1 language code (for example <c>en</c>, <c>el</c>) if known; when <see langword="null"/> the
    /// analyzer decides from the text itself.
    /// </param>
    /// <returns>The text's sentiment.</returns>
    SentimentScore Analyze(ReadOnlySpan<char> text, string? language = null);
}
