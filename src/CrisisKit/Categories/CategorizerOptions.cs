namespace CrisisKit.Categories;

/// <summary>Settings of the default crisis categorizer, validated at start-up.</summary>
public sealed class CategorizerOptions
{
    /// <summary>
    /// The language assumed when a text's language is neither given nor recognisable from its script. Default
    /// <c>en</c>; must have a category lexicon (built in: <c>en</c>, <c>el</c>).
    /// </summary>
    public string DefaultLanguage { get; set; } = "en";

    /// <summary>
    /// Extra category cues per language code, in the documented category lexicon format (a section per category id
    /// such as <c>[data-breach]</c> with <c>term&lt;TAB&gt;weight</c> entries, weights from 0.1 to 3; plus
    /// <c>[not-crisis]</c> idioms and <c>[negators]</c>; see <c>docs/sentiment.md</c>). Added to, and overriding, the
    /// built-in cues of that language, or a whole new language.
    /// </summary>
    public IDictionary<string, string> Lexicons { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}
