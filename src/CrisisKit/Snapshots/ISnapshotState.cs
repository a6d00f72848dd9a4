namespace CrisisKit.Snapshots;

/// <summary>
/// A component whose state goes into detection snapshots as one message of tagged fields (docs/snapshots.md). Each
/// component numbers its fields with a private <c>Field</c> enum, writes them all in <see cref="Write"/> and reads
/// them back in <see cref="Read"/> with a loop over <see cref="SnapshotReader.Next{TField}"/> that skips fields it
/// does not know. <see cref="Read"/> reads into a component just constructed, so a field the data lacks keeps its
/// constructor default. Field numbers are never reused: a field that goes away leaves its number retired.
/// </summary>
internal interface ISnapshotState
{
    /// <summary>Writes every field of the component's state.</summary>
    void Write(SnapshotWriter writer);

    /// <summary>Reads the fields written by <see cref="Write"/> (of this version or any other of the same major format version).</summary>
    /// <exception cref="SnapshotDataException">A field is malformed or its value impossible.</exception>
    void Read(ref SnapshotReader reader);
}
