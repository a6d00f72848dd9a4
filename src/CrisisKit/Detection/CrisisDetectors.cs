using Microsoft.Extensions.Options;

namespace CrisisKit.Detection;

/// <summary>
/// The built-in detectors by name, and the default <see cref="ICrisisDetectorFactory"/>: a <see cref="CompositeCrisisDetector"/>
/// per subject, holding a new instance of each detector added with <c>AddDetector</c>.
/// </summary>
internal sealed class CrisisDetectors : ICrisisDetectorFactory
{
    private readonly DetectionOptions _options;
    private readonly AddedDetector[] _added;

    /// <summary>Creates the factory.</summary>
    /// <param name="options">The detection options.</param>
    /// <param name="added">The detectors added with <c>AddDetector</c>.</param>
    public CrisisDetectors(IOptions<DetectionOptions> options, IEnumerable<AddedDetector>? added = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _added = [.. added ?? []];
    }

    /// <summary>The names <see cref="Create(string, DetectionOptions?)"/> knows.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [CompositeCrisisDetector.DetectorName, VolumeSpikeDetector.DetectorName, NegativeShiftDetector.DetectorName, EmergingTermsDetector.DetectorName, HighReachDetector.DetectorName, ShareVelocityDetector.DetectorName, CategoryShiftDetector.DetectorName];

    /// <inheritdoc />
    public ICrisisDetector Create(string subjectId) => new CompositeCrisisDetector(_options, [.. _added.Select(a => a.Create())]);

    /// <summary>Creates a built-in detector by name.</summary>
    /// <param name="name">One of <see cref="Names"/> (case-insensitive).</param>
    /// <param name="options">The detection options; <see langword="null"/> for the defaults.</param>
    /// <returns>A new detector.</returns>
    /// <exception cref="ArgumentException">No built-in detector has that name; the message lists the names.</exception>
    public static ICrisisDetector Create(string name, DetectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        options ??= new DetectionOptions();
        return name.ToLowerInvariant() switch
        {
            CompositeCrisisDetector.DetectorName => new CompositeCrisisDetector(options),
            VolumeSpikeDetector.DetectorName => new VolumeSpikeDetector(options),
            NegativeShiftDetector.DetectorName => new NegativeShiftDetector(),
            EmergingTermsDetector.DetectorName => new EmergingTermsDetector(options.EmergingTermMinimumCount),
            HighReachDetector.DetectorName => new HighReachDetector(options.HighReachFollowers),
            ShareVelocityDetector.DetectorName => new ShareVelocityDetector(),
            CategoryShiftDetector.DetectorName => new CategoryShiftDetector(),
            _ => throw Unknown(name),
        };
    }

    /// <summary>Throws unless <paramref name="name"/> names a built-in detector (case-insensitive).</summary>
    internal static void EnsureKnown(string name)
    {
        if (!Names.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            throw Unknown(name);
        }
    }

    private static ArgumentException Unknown(string name) =>
        new($"No detector is named '{name}'; the detectors are: {string.Join(", ", Names)}.", nameof(name));
}
