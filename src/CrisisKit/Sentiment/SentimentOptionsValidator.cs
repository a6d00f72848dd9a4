using CrisisKit.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrisisKit.Sentiment;

/// <summary>Checks <see cref="SentimentOptions"/> at start-up by building the analyzer they describe, which is the one the container then hands out.</summary>
internal sealed class SentimentOptionsValidator(ValidatedInstance<LexiconSentimentAnalyzer> built) : IValidateOptions<SentimentOptions>
{
    private static readonly string[] BuiltInLanguages = ["en", "el"];

    public ValidateOptionsResult Validate(string? name, SentimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Check(options);
        if (errors.Count == 0)
        {
            try
            {
                built.Get(options, () => new LexiconSentimentAnalyzer(options));
            }
            catch (ArgumentException ex)
            {
                errors.Add(ex.Message);
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The checks that need no lexicon loading.</summary>
    internal static List<string> Check(SentimentOptions options)
    {
        var errors = new List<string>();
        if (double.IsNaN(options.NeutralThreshold) || options.NeutralThreshold is < 0 or > 0.9)
        {
            errors.Add($"SentimentOptions.NeutralThreshold must be between 0 and 0.9 (was {options.NeutralThreshold}).");
        }

        var languages = BuiltInLanguages.Concat(options.Lexicons.Keys);
        if (string.IsNullOrWhiteSpace(options.DefaultLanguage) || !languages.Contains(options.DefaultLanguage, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"SentimentOptions.DefaultLanguage must be a language with a lexicon ({string.Join(", ", languages)}) (was '{options.DefaultLanguage}').");
        }

        foreach (var (language, text) in options.Lexicons)
        {
            if (string.IsNullOrWhiteSpace(language) || language.Length > 16)
            {
                errors.Add($"SentimentOptions.Lexicons has a key '{language}' that is not a language code.");
            }

            if (text is null)
            {
                errors.Add($"SentimentOptions.Lexicons[{language}] is null.");
            }
        }

        return errors;
    }
}
