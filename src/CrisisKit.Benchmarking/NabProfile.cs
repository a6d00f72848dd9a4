namespace CrisisKit.Benchmarking;

/// <summary>The weights of one NAB cost profile: what a detected window earns and what false and missed alarms cost.</summary>
/// <param name="Name">The profile's name, as NAB spells it (for example <c>standard</c>).</param>
/// <param name="TruePositiveWeight">A_TP: the score of an alarm at a window's first row.</param>
/// <param name="FalsePositiveWeight">A_FP: the cost of a false alarm far from any window.</param>
/// <param name="FalseNegativeWeight">A_FN: the cost of a window without a counted alarm.</param>
public sealed record NabProfile(string Name, double TruePositiveWeight, double FalsePositiveWeight, double FalseNegativeWeight)
{
    /// <summary>NAB's <c>standard</c> profile: A_TP 1, A_FP 0.11, A_FN 1.</summary>
    public static NabProfile Standard { get; } = new("standard", 1.0, 0.11, 1.0);

    /// <summary>NAB's <c>reward_low_FP_rate</c> profile: A_TP 1, A_FP 0.22, A_FN 1.</summary>
    public static NabProfile RewardLowFalsePositives { get; } = new("reward_low_FP_rate", 1.0, 0.22, 1.0);

    /// <summary>NAB's <c>reward_low_FN_rate</c> profile: A_TP 1, A_FP 0.11, A_FN 2.</summary>
    public static NabProfile RewardLowFalseNegatives { get; } = new("reward_low_FN_rate", 1.0, 0.11, 2.0);

    /// <summary>The three NAB profiles: standard, reward_low_FP_rate, reward_low_FN_rate.</summary>
    public static IReadOnlyList<NabProfile> All { get; } = Array.AsReadOnly([Standard, RewardLowFalsePositives, RewardLowFalseNegatives]);
}
