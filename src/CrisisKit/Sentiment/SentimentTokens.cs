namespace CrisisKit.Sentiment;

/// <summary>
/// One text split by <see cref="SentimentTokenizer"/>: its tokens, their folded characters and the whole-text
/// counts. Buffers grow as needed and are reused, so splitting allocates nothing once they have grown. Read by
/// the sentiment analyzer and, for a mention in the monitor, by the categorizer too (one pass for both).
/// </summary>
internal sealed class SentimentTokens
{
    public char[] Decoded = new char[256];
    public char[] Chars = new char[256];
    public SentimentToken[] Tokens = new SentimentToken[64];

    /// <summary>How many tokens the last text gave.</summary>
    public int Count;

    /// <summary>The last text's counts.</summary>
    public TextCounts Counts;

    /// <summary>The last text's tokens.</summary>
    public ReadOnlySpan<SentimentToken> Span => Tokens.AsSpan(0, Count);

    /// <summary>Splits <paramref name="text"/>, looking symbols up in <paramref name="lexicon"/> when given; returns the token count.</summary>
    public int Tokenize(ReadOnlySpan<char> text, SentimentLexicon? lexicon)
    {
        var counts = default(TextCounts);
        Count = SentimentTokenizer.Tokenize(text, lexicon, ref Decoded, ref Chars, ref Tokens, ref counts);
        Counts = counts;
        return Count;
    }
}
