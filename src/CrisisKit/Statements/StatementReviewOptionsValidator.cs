using Microsoft.Extensions.Options;

namespace CrisisKit.Statements;

/// <summary>Checks <see cref="StatementReviewOptions"/> at start-up by building the reviewer they describe.</summary>
internal sealed class StatementReviewOptionsValidator : IValidateOptions<StatementReviewOptions>
{
    public ValidateOptionsResult Validate(string? name, StatementReviewOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            _ = new RuleBasedStatementReviewer(options);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
