using CrisisKit.Protocols;

namespace CrisisKit.Simulation;

/// <summary>
/// The sample response protocols (English and Greek): <c>standard</c>, <c>serious</c>, <c>data-breach</c> and
/// <c>product-safety</c>, for drills, demos and a first run. Their people are reached on the <c>console</c> and
/// <c>webhook</c> channels (example URLs), so register channels with those names. Start your own protocols from them.
/// </summary>
public static class SampleProtocols
{
    private const string Prefix = "CrisisKit.SampleProtocols.";

    /// <summary>The file names of the sample protocols, in name order.</summary>
    public static IReadOnlyList<string> FileNames { get; } =
        [.. typeof(SampleProtocols).Assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Select(n => n[Prefix.Length..]).Order(StringComparer.Ordinal)];

    /// <summary>The sample protocols as sources for <c>CrisisKitBuilder.AddProtocols</c> or <see cref="ProtocolLoader.LoadAll"/>.</summary>
    public static IReadOnlyList<ProtocolSource> Sources { get; } = [.. FileNames.Select(name => new ProtocolSource(name, () => Open(name)))];

    /// <summary>Opens one sample protocol's JSON.</summary>
    /// <param name="fileName">One of <see cref="FileNames"/>.</param>
    /// <returns>The document, UTF-8.</returns>
    /// <exception cref="ArgumentException">No sample protocol has that name.</exception>
    public static Stream Open(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return typeof(SampleProtocols).Assembly.GetManifestResourceStream(Prefix + fileName)
            ?? throw new ArgumentException($"No sample protocol is named '{fileName}'; they are: {string.Join(", ", FileNames)}.", nameof(fileName));
    }
}
