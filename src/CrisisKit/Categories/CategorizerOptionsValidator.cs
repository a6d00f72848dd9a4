using CrisisKit.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrisisKit.Categories;

/// <summary>Checks <see cref="CategorizerOptions"/> at start-up by building the categorizer they describe, which is the one the container then hands out.</summary>
internal sealed class CategorizerOptionsValidator(ValidatedInstance<LexiconCrisisCategorizer> built) : IValidateOptions<CategorizerOptions>
{
    public ValidateOptionsResult Validate(string? name, CategorizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            built.Get(options, () => new LexiconCrisisCategorizer(options));
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
