using Microsoft.Extensions.Options;

namespace CrisisKit.Categories;

/// <summary>Checks <see cref="CategorizerOptions"/> at start-up by building the categorizer they describe.</summary>
internal sealed class CategorizerOptionsValidator : IValidateOptions<CategorizerOptions>
{
    public ValidateOptionsResult Validate(string? name, CategorizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            _ = new LexiconCrisisCategorizer(options);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
