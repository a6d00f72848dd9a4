using System.Text;

namespace CrisisKit.Protocols;

/// <summary>
/// One response protocol document to load: a name for error messages (usually a file name) and a way to open it.
/// The core reads protocols only from streams; file and directory sources are in the CrisisKit.Hosting package
/// (<c>ProtocolFiles</c>), and the sample protocols in CrisisKit.Simulation (<c>SampleProtocols</c>).
/// </summary>
public sealed class ProtocolSource
{
    private readonly Func<Stream> _open;

    /// <summary>Creates a source that opens a stream each time it is loaded.</summary>
    /// <param name="name">The name errors refer to, for example the file's path.</param>
    /// <param name="open">Opens the document (UTF-8 JSON); the loader disposes the stream. An <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> it throws is reported as a load error, not thrown.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public ProtocolSource(string name, Func<Stream> open)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(open);
        Name = name;
        _open = open;
    }

    /// <summary>The name errors refer to.</summary>
    public string Name { get; }

    /// <summary>A source holding the JSON text itself.</summary>
    /// <param name="name">The name errors refer to.</param>
    /// <param name="json">The protocol document.</param>
    /// <returns>The source.</returns>
    public static ProtocolSource FromJson(string name, string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var bytes = Encoding.UTF8.GetBytes(json);
        return new ProtocolSource(name, () => new MemoryStream(bytes, writable: false));
    }

    /// <summary>Opens the document.</summary>
    internal Stream Open() => _open();

    /// <inheritdoc />
    public override string ToString() => Name;
}
