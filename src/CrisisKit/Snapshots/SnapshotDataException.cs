namespace CrisisKit.Snapshots;

/// <summary>
/// A failure while reading a section: the reason and the path of fields from the failing one up to the section.
/// <see cref="MonitorSnapshot"/> turns it into the <see cref="InvalidDataException"/> callers see, with the section
/// named; it never leaves the library.
/// </summary>
internal sealed class SnapshotDataException : Exception
{
    private readonly List<string> _path = [];

    public SnapshotDataException(string reason, string? field = null, bool corrupt = true)
        : base(reason)
    {
        Corrupt = corrupt;
        if (field is not null)
        {
            _path.Add(field);
        }
    }

    public SnapshotDataException()
    {
    }

    public SnapshotDataException(string message)
        : base(message)
    {
    }

    public SnapshotDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Whether the data is malformed (as opposed to well-formed but not restorable here, such as another detector's state).</summary>
    public bool Corrupt { get; } = true;

    /// <summary>The fields from the section down to the failing one, joined by " › ".</summary>
    public string Path => string.Join(" › ", Enumerable.Reverse(_path));

    /// <summary>Adds the enclosing field as the message is left on the way up.</summary>
    public void Enter(string field) => _path.Add(field);
}
