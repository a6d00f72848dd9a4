namespace CrisisKit.Sentiment;

/// <summary>Settings of the default sentiment analyzer, validated at start-up.</summary>
public sealed class SentimentOptions
{
    /// <summary>The default <see cref="NeutralThreshold"/>.</summary>
    public const double DefaultNeutralThreshold = 0.05;

    /// <summary>
    /// Compound scores strictly inside (-threshold, +threshold) are neutral when a label is needed. Default 0.05;
    /// from 0 to 0.9.
    /// </summary>
    public double NeutralThreshold { get; set; } = DefaultNeutralThreshold;

    /// <summary>
    /// The language assumed when a text's language is neither given nor recognisable from its script, and for
    /// languages without a lexicon. Default <c>en</c>; must have a lexicon (built in: <c>en</c>, <c>el</c>).
    /// </summary>
    public string DefaultLanguage { get; set; } = "en";

    /// <summary>
    /// Extra lexicon text per language code, in the documented lexicon format (sections <c>[words]</c>,
    /// <c>[phrases]</c>, <c>[boosters]</c>, <c>[dampeners]</c>, <c>[negators]</c>, <c>[contrast]</c>; see
    /// <c>docs/sentiment.md</c>). For a built-in language its entries are added to, and override, the built-in ones
    /// (an app's own product names and slang); for any other code it adds a whole language.
    /// </summary>
    public IDictionary<string, string> Lexicons { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}
