using Microsoft.Extensions.Options;

namespace CrisisKit.Severity;

/// <summary>Checks <see cref="SeverityOptions"/> at start-up; each failure names the option and the allowed range.</summary>
internal sealed class SeverityOptionsValidator : IValidateOptions<SeverityOptions>
{
    public ValidateOptionsResult Validate(string? name, SeverityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var (option, value) in new[]
        {
            ("VolumeWeight", options.VolumeWeight), ("NegativeShareWeight", options.NegativeShareWeight), ("ReachWeight", options.ReachWeight),
            ("SpreadWeight", options.SpreadWeight), ("PlatformsWeight", options.PlatformsWeight), ("DurationWeight", options.DurationWeight),
            ("CategoryWeight", options.CategoryWeight),
        })
        {
            if (!(value >= 0 && value <= 10))
            {
                failures.Add($"SeverityOptions.{option} must be between 0 and 10 (was {value}).");
            }
        }

        if (!(options.ModerateFrom > 0 && options.ModerateFrom < options.HighFrom && options.HighFrom < options.CriticalFrom))
        {
            failures.Add($"SeverityOptions thresholds must satisfy 0 < ModerateFrom < HighFrom < CriticalFrom (were {options.ModerateFrom}, {options.HighFrom}, {options.CriticalFrom}).");
        }

        if (options.DowngradeAfter < TimeSpan.Zero || options.DowngradeAfter > TimeSpan.FromDays(7))
        {
            failures.Add($"SeverityOptions.DowngradeAfter must be between 00:00:00 and 7.00:00:00 (was {options.DowngradeAfter}).");
        }

        foreach (var (category, level) in options.CategoryFloors)
        {
            if (!Enum.IsDefined(category) || !Enum.IsDefined(level))
            {
                failures.Add($"SeverityOptions.CategoryFloors has an undefined category or level ({(int)category} -> {(int)level}).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
