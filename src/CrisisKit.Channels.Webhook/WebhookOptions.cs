namespace CrisisKit.Channels.Webhook;

/// <summary>Settings of one webhook channel, validated at start-up (see <see cref="Microsoft.Extensions.DependencyInjection.WebhookCrisisKitBuilderExtensions.AddWebhookChannel(Microsoft.Extensions.DependencyInjection.CrisisKitBuilder, string, System.Action{WebhookOptions})"/>).</summary>
public sealed class WebhookOptions
{
    /// <summary>The shortest secret accepted.</summary>
    public const int MinimumSecretLength = 16;

    /// <summary>The shared secret for the signature header. Required (at least <see cref="MinimumSecretLength"/> characters).</summary>
    public string Secret { get; set; } = "";

    /// <summary>How long one POST may take, on the wall clock. Default 10 seconds; from 1 second to 2 minutes.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The problems with these options, each naming the option and the allowed range; empty when they are valid.</summary>
    internal List<string> Check(string name)
    {
        var errors = new List<string>();
        if (Secret is null || Secret.Length < MinimumSecretLength)
        {
            errors.Add($"WebhookOptions.Secret of the '{name}' channel must be at least {MinimumSecretLength} characters (was {Secret?.Length ?? 0}).");
        }

        if (Timeout < TimeSpan.FromSeconds(1) || Timeout > TimeSpan.FromMinutes(2))
        {
            errors.Add($"WebhookOptions.Timeout of the '{name}' channel must be between 00:00:01 and 00:02:00 (was {Timeout}).");
        }

        return errors;
    }
}
