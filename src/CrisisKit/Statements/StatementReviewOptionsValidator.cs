using CrisisKit.Categories;
using CrisisKit.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrisisKit.Statements;

/// <summary>Checks <see cref="StatementReviewOptions"/> at start-up by building the reviewer they describe, which is the one the container then hands out.</summary>
internal sealed class StatementReviewOptionsValidator(ValidatedInstance<RuleBasedStatementReviewer> built, ICrisisCategorizer categorizer) : IValidateOptions<StatementReviewOptions>
{
    public ValidateOptionsResult Validate(string? name, StatementReviewOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            built.Get(options, () => new RuleBasedStatementReviewer(options, categorizer));
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
