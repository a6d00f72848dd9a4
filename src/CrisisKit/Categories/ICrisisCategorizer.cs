namespace CrisisKit.Categories;

/// <summary>
/// Tags a text (a mention, or the texts of an incident) with the crisis categories it signals. Implementations are
/// pure functions of their input and safe to call from many threads. The default is <see cref="LexiconCrisisCategorizer"/>.
/// </summary>
public interface ICrisisCategorizer
{
    /// <summary>Scores <paramref name="text"/> for every category.</summary>
    /// <param name="text">The text; may be empty.</param>
    /// <param name="language">The text's ISO 639-1 code if known; <see langword="null"/> lets the categorizer decide.</param>
    /// <returns>A confidence per category.</returns>
    CategoryScores Categorize(ReadOnlySpan<char> text, string? language = null);
}
