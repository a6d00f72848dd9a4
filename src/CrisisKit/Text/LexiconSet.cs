using System.Collections.Frozen;

namespace CrisisKit.Text;

/// <summary>
/// Builds the lexicon of every language for one of the lexicon-driven services (sentiment, categories, statement
/// review) the same way: each built-in language from its embedded files, then the app's own lexicon texts from the
/// options, added to (and overriding) a built-in language or starting a new one.
/// </summary>
internal static class LexiconSet
{
    /// <summary>Builds the lexicons.</summary>
    /// <param name="builtIn">Each built-in language with its embedded lexicon files, in load order.</param>
    /// <param name="newLanguageSeed">Embedded files every new language starts from (language-neutral entries such as emoji); may be empty.</param>
    /// <param name="appLexicons">The app's lexicon text per language code.</param>
    /// <param name="optionName">The option that holds <paramref name="appLexicons"/>, for error messages (for example <c>SentimentOptions.Lexicons</c>).</param>
    /// <param name="create">Creates a builder for a language code.</param>
    /// <param name="add">Adds a lexicon text to a builder, naming its source in errors; throws <see cref="FormatException"/> on a bad entry.</param>
    /// <param name="build">Builds the lexicon.</param>
    /// <returns>The lexicons by language code, case-insensitive.</returns>
    /// <exception cref="ArgumentException">An app lexicon has an empty language code or a null text, or does not follow the format (the message names the option, language and line).</exception>
    public static FrozenDictionary<string, TLexicon> Build<TBuilder, TLexicon>(
        IEnumerable<(string Language, string[] Files)> builtIn,
        string[] newLanguageSeed,
        IDictionary<string, string> appLexicons,
        string optionName,
        Func<string, TBuilder> create,
        Action<TBuilder, string, string> add,
        Func<TBuilder, TLexicon> build)
    {
        var builders = new Dictionary<string, TBuilder>(StringComparer.OrdinalIgnoreCase);
        foreach (var (language, files) in builtIn)
        {
            var builder = builders[language] = create(language);
            foreach (var file in files)
            {
                add(builder, EmbeddedLexicons.Read(file), file);
            }
        }

        foreach (var (language, text) in appLexicons)
        {
            if (string.IsNullOrWhiteSpace(language) || text is null)
            {
                throw new ArgumentException($"{optionName} has an empty language code or a null text ('{language}').", optionName);
            }

            if (!builders.TryGetValue(language, out var builder))
            {
                builder = builders[language] = create(language.ToLowerInvariant());
                foreach (var file in newLanguageSeed)
                {
                    add(builder, EmbeddedLexicons.Read(file), file);
                }
            }

            try
            {
                add(builder, text, $"{optionName}[{language}]");
            }
            catch (FormatException ex)
            {
                throw new ArgumentException(ex.Message, optionName, ex);
            }
        }

        return builders.ToFrozenDictionary(b => b.Key, b => build(b.Value), StringComparer.OrdinalIgnoreCase);
    }
}
