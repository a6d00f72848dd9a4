using CrisisKit.Categories;
using CrisisKit.Detection;

namespace CrisisKit.Severity;

/// <summary>One factor behind a severity assessment, in words and numbers.</summary>
/// <param name="name">The factor's name (for example <c>volume</c>, <c>negative-share</c>, <c>category</c>).</param>
/// <param name="value">The measured value (for example the volume ratio, or the share of negative mentions).</param>
/// <param name="points">What it added to the severity score.</param>
/// <param name="description">The factor in words, for example "volume 12.4x the expected level".</param>
public sealed class SeverityFactor(string name, double value, double points, string description)
{
    /// <summary>The factor's name (for example <c>volume</c>, <c>negative-share</c>, <c>category</c>).</summary>
    public string Name { get; } = name;

    /// <summary>The measured value (for example the volume ratio, or the share of negative mentions).</summary>
    public double Value { get; } = value;

    /// <summary>What it added to the severity score.</summary>
    public double Points { get; } = points;

    /// <summary>The factor in words, for example "volume 12.4x the expected level".</summary>
    public string Description { get; } = description;
}
