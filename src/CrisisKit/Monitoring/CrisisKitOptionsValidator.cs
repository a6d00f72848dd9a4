using Microsoft.Extensions.Options;

namespace CrisisKit.Monitoring;

/// <summary>Checks <see cref="CrisisKitOptions"/> at start-up; each failure names the option and the allowed range.</summary>
internal sealed class CrisisKitOptionsValidator : IValidateOptions<CrisisKitOptions>
{
    public ValidateOptionsResult Validate(string? name, CrisisKitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.LateMentionTolerance < TimeSpan.Zero || options.LateMentionTolerance > CrisisKitOptions.MaxLateMentionTolerance)
        {
            failures.Add($"CrisisKitOptions.LateMentionTolerance must be between 00:00:00 and {CrisisKitOptions.MaxLateMentionTolerance} (was {options.LateMentionTolerance}).");
        }

        if (options.DuplicateWindow < TimeSpan.Zero || options.DuplicateWindow > CrisisKitOptions.MaxDuplicateWindow)
        {
            failures.Add($"CrisisKitOptions.DuplicateWindow must be between 00:00:00 and {CrisisKitOptions.MaxDuplicateWindow} (was {options.DuplicateWindow}).");
        }

        if (options.MaxFutureSkew < TimeSpan.Zero || options.MaxFutureSkew > CrisisKitOptions.MaxMaxFutureSkew)
        {
            failures.Add($"CrisisKitOptions.MaxFutureSkew must be between 00:00:00 and {CrisisKitOptions.MaxMaxFutureSkew} (was {options.MaxFutureSkew}).");
        }

        if (options.EarliestMentionTime < CrisisKitOptions.MinEarliestMentionTime)
        {
            failures.Add($"CrisisKitOptions.EarliestMentionTime must be {Iso(CrisisKitOptions.MinEarliestMentionTime)} or later (was {Iso(options.EarliestMentionTime)}).");
        }

        if (options.DuplicateTrackingCapacity is < 0 or > 50_000_000)
        {
            failures.Add($"CrisisKitOptions.DuplicateTrackingCapacity must be between 0 and 50000000 (was {options.DuplicateTrackingCapacity}).");
        }

        if (options.TopAuthorsTracked is < 1 or > 10_000)
        {
            failures.Add($"CrisisKitOptions.TopAuthorsTracked must be between 1 and 10000 (was {options.TopAuthorsTracked}).");
        }

        if (options.Shards is < 1 or > CrisisKitOptions.MaxShards)
        {
            failures.Add($"CrisisKitOptions.Shards must be between 1 and {CrisisKitOptions.MaxShards} (was {options.Shards}).");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Subjects.Count; i++)
        {
            var subject = options.Subjects[i];
            if (subject is null)
            {
                failures.Add($"CrisisKitOptions.Subjects[{i}] is null.");
                continue;
            }

            failures.AddRange(subject.Validate().Select(e => $"CrisisKitOptions.Subjects[{i}]: {e}"));
            if (!string.IsNullOrWhiteSpace(subject.Id) && !ids.Add(subject.Id))
            {
                failures.Add($"CrisisKitOptions.Subjects[{i}]: the id '{subject.Id}' is used by another subject; ids must be unique.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
