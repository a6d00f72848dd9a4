using System.Globalization;
using Microsoft.Extensions.Options;

namespace CrisisKit.Orleans;

/// <summary>Checks <see cref="CrisisKitOrleansOptions"/> at start-up, with messages naming the option and the allowed range.</summary>
internal sealed class CrisisKitOrleansOptionsValidator : IValidateOptions<CrisisKitOrleansOptions>
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    public ValidateOptionsResult Validate(string? name, CrisisKitOrleansOptions options)
    {
        var errors = new List<string>();
        if (options.MaxUnpersistedBatches is < 1 or > CrisisKitOrleansOptions.MaxMaxUnpersistedBatches)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"CrisisKitOrleansOptions.MaxUnpersistedBatches is {options.MaxUnpersistedBatches}; it must be from 1 to {CrisisKitOrleansOptions.MaxMaxUnpersistedBatches}."));
        }

        if (options.MaxSendAttempts is < 1 or > CrisisKitOrleansOptions.MaxMaxSendAttempts)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"CrisisKitOrleansOptions.MaxSendAttempts is {options.MaxSendAttempts}; it must be from 1 to {CrisisKitOrleansOptions.MaxMaxSendAttempts}."));
        }

        if (options.RetryDelay < TimeSpan.Zero || options.RetryDelay > MaxRetryDelay)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"CrisisKitOrleansOptions.RetryDelay is {options.RetryDelay}; it must be from 00:00:00 to {MaxRetryDelay}."));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
