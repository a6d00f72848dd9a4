using System.Globalization;
using Microsoft.Extensions.Options;

namespace CrisisKit.Hosting;

/// <summary>Checks <see cref="HostedPipelineOptions"/> at start-up; each failure names the option, the allowed range and the value.</summary>
internal sealed class HostedPipelineOptionsValidator : IValidateOptions<HostedPipelineOptions>
{
    public ValidateOptionsResult Validate(string? name, HostedPipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Range(nameof(options.ClockInterval), options.ClockInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1), inclusiveMinimum: true);
        Range(nameof(options.CheckpointInterval), options.CheckpointInterval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), inclusiveMinimum: true);
        Range(nameof(options.BridgeRetryDelay), options.BridgeRetryDelay, TimeSpan.Zero, TimeSpan.FromMinutes(5), inclusiveMinimum: true);
        Range(nameof(options.FeedStaleAfter), options.FeedStaleAfter, TimeSpan.Zero, TimeSpan.FromDays(7), inclusiveMinimum: false);
        Range(nameof(options.EngineOverdueAfter), options.EngineOverdueAfter, TimeSpan.Zero, TimeSpan.FromDays(1), inclusiveMinimum: false);
        Range(nameof(options.ChannelFailureWindow), options.ChannelFailureWindow, TimeSpan.Zero, TimeSpan.FromDays(7), inclusiveMinimum: false);
        if (options.BridgeCapacity is < 1 or > 1_000_000)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"HostedPipelineOptions.BridgeCapacity must be between 1 and 1000000 (was {options.BridgeCapacity})."));
        }

        if (options.BridgeAttempts is < 1 or > 20)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"HostedPipelineOptions.BridgeAttempts must be between 1 and 20 (was {options.BridgeAttempts})."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Range(string option, TimeSpan value, TimeSpan minimum, TimeSpan maximum, bool inclusiveMinimum)
        {
            if ((inclusiveMinimum ? value < minimum : value <= minimum) || value > maximum)
            {
                var lower = inclusiveMinimum ? $"between {minimum:c}" : $"more than {minimum:c} and at most";
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"HostedPipelineOptions.{option} must be {lower}{(inclusiveMinimum ? " and " : " ")}{maximum:c} (was {value:c})."));
            }
        }
    }
}
