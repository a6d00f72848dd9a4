using Microsoft.Extensions.Options;

namespace CrisisKit.Detection;

/// <summary>Checks <see cref="DetectionOptions"/> at start-up; each failure names the option and the allowed range.</summary>
internal sealed class DetectionOptionsValidator : IValidateOptions<DetectionOptions>
{
    public ValidateOptionsResult Validate(string? name, DetectionOptions options)
    {
        var failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The problems with <paramref name="options"/>, empty when they are valid.</summary>
    internal static List<string> Check(DetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var bucket = options.BucketSize;
        if (bucket < TimeSpan.FromMinutes(1) || bucket > TimeSpan.FromHours(1) || TimeSpan.TicksPerDay % bucket.Ticks != 0)
        {
            failures.Add($"DetectionOptions.BucketSize must be between 00:01:00 and 01:00:00 and divide a day evenly (was {bucket}).");
            return failures;
        }

        if (options.GracePeriod < TimeSpan.Zero || options.GracePeriod > bucket)
        {
            failures.Add($"DetectionOptions.GracePeriod must be between 00:00:00 and the bucket size {bucket} (was {options.GracePeriod}).");
        }

        if (options.History < TimeSpan.FromDays(1) || options.History > TimeSpan.FromDays(14) || options.History.Ticks % bucket.Ticks != 0)
        {
            failures.Add($"DetectionOptions.History must be between 1.00:00:00 and 14.00:00:00 and a whole number of buckets (was {options.History}).");
        }

        if (options.TermSketchCapacity is < 16 or > 16_384)
        {
            failures.Add($"DetectionOptions.TermSketchCapacity must be between 16 and 16384 (was {options.TermSketchCapacity}).");
        }

        if (!(options.RaiseThreshold > 0 && options.RaiseThreshold <= 1))
        {
            failures.Add($"DetectionOptions.RaiseThreshold must be above 0 and at most 1 (was {options.RaiseThreshold}).");
        }

        if (options.JoinWindow < bucket || options.JoinWindow > TimeSpan.FromDays(7))
        {
            failures.Add($"DetectionOptions.JoinWindow must be between the bucket size {bucket} and 7.00:00:00 (was {options.JoinWindow}).");
        }

        if (options.QuietPeriod < options.JoinWindow || options.QuietPeriod > TimeSpan.FromDays(7))
        {
            failures.Add($"DetectionOptions.QuietPeriod must be between JoinWindow ({options.JoinWindow}) and 7.00:00:00 (was {options.QuietPeriod}).");
        }

        if (options.CoolDown < TimeSpan.Zero || options.CoolDown > TimeSpan.FromDays(7))
        {
            failures.Add($"DetectionOptions.CoolDown must be between 00:00:00 and 7.00:00:00 (was {options.CoolDown}).");
        }

        if (options.HighReachFollowers < 1)
        {
            failures.Add($"DetectionOptions.HighReachFollowers must be at least 1 (was {options.HighReachFollowers}).");
        }

        if (!(options.NegativeThreshold >= 0 && options.NegativeThreshold <= 1))
        {
            failures.Add($"DetectionOptions.NegativeThreshold must be between 0 and 1 (was {options.NegativeThreshold}).");
        }

        if (options.EmergingTermMinimumCount < 2)
        {
            failures.Add($"DetectionOptions.EmergingTermMinimumCount must be at least 2 (was {options.EmergingTermMinimumCount}).");
        }

        foreach (var (detector, weight) in options.DetectorWeights)
        {
            if (!(weight >= 0 && weight <= 1))
            {
                failures.Add($"DetectionOptions.DetectorWeights[\"{detector}\"] must be between 0 and 1 (was {weight}).");
            }
        }

        return failures;
    }
}
