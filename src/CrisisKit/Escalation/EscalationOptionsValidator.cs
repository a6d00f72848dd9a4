using CrisisKit.DependencyInjection;
using CrisisKit.Protocols;
using Microsoft.Extensions.Options;

namespace CrisisKit.Escalation;

/// <summary>
/// Checks <see cref="EscalationOptions"/> at start-up, including every protocol document: a bad protocol fails start
/// with the file, the JSON path and what is wrong. The protocols it loads are the ones the engine then uses.
/// </summary>
internal sealed class EscalationOptionsValidator(IEnumerable<INotificationChannel> channels, ValidatedInstance<ProtocolSet> built) : IValidateOptions<EscalationOptions>
{
    public ValidateOptionsResult Validate(string? name, EscalationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxAttempts is < 1 or > 20)
        {
            failures.Add($"EscalationOptions.MaxAttempts must be between 1 and 20 (was {options.MaxAttempts}).");
        }

        if (options.RetryBackoff < TimeSpan.FromSeconds(1) || options.RetryBackoff > TimeSpan.FromHours(1))
        {
            failures.Add($"EscalationOptions.RetryBackoff must be between 00:00:01 and 01:00:00 (was {options.RetryBackoff}).");
        }

        if (options.MaxRetryBackoff < options.RetryBackoff || options.MaxRetryBackoff > TimeSpan.FromDays(1))
        {
            failures.Add($"EscalationOptions.MaxRetryBackoff must be between RetryBackoff ({options.RetryBackoff}) and 1.00:00:00 (was {options.MaxRetryBackoff}).");
        }

        if (options.SendTimeout < TimeSpan.FromSeconds(1) || options.SendTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"EscalationOptions.SendTimeout must be between 00:00:01 and 00:10:00 (was {options.SendTimeout}).");
        }

        if (options.MaxConcurrentSendsPerChannel is < 1 or > 64)
        {
            failures.Add($"EscalationOptions.MaxConcurrentSendsPerChannel must be between 1 and 64 (was {options.MaxConcurrentSendsPerChannel}).");
        }

        if (string.IsNullOrWhiteSpace(options.DefaultLanguage))
        {
            failures.Add("EscalationOptions.DefaultLanguage is required.");
        }

        try
        {
            built.Get(options, () => BuildProtocols(options, channels));
        }
        catch (ProtocolLoadException ex)
        {
            failures.AddRange(ex.Errors.Select(e => $"Response protocol {e}"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Loads the protocols of <paramref name="options"/>, checked against the registered channels' names.</summary>
    internal static ProtocolSet BuildProtocols(EscalationOptions options, IEnumerable<INotificationChannel> channels) =>
        new(ProtocolLoader.LoadAll(options.Protocols, [.. channels.Select(c => c.Name)]));
}
