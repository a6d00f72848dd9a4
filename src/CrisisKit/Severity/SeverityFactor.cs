using CrisisKit.Categories;
using CrisisKit.Detection;

namespace CrisisKit.Severity;

/// <summary>One factor behind a severity assessment, in words and numbers.</summary>
/// <param name="Name">The factor's name (for example <c>volume</c>, <c>negative-share</c>, <c>category</c>).</param>
/// <param name="Value">The measured value (for example the volume ratio, or the share of negative mentions).</param>
/// <param name="Points">What it added to the severity score.</param>
/// <param name="Description">The factor in words, for example "volume 12.4x the expected level".</param>
public sealed record SeverityFactor(string Name, double Value, double Points, string Description);
