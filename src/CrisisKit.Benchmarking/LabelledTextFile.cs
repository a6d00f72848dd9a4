using CrisisKit.Ingestion;

namespace CrisisKit.Benchmarking;

/// <summary>
/// A labelled file as <see cref="LabelledText.ReadTsv"/> read it: the rows to score, and the lines it skipped and why,
/// so a caller can say what was left out instead of scoring a smaller file silently.
/// </summary>
/// <param name="Rows">The rows, in file order, one per id (an id's first row).</param>
/// <param name="Problems">The lines skipped (longer than the limit), in file order, each with its line number, reason and first 200 characters.</param>
/// <param name="DuplicateIds">Each id given on more than one row, once, in the order of their first repeat; only its first row is in <see cref="Rows"/>.</param>
/// <param name="DuplicateRows">How many rows were left out because an earlier row has the same id.</param>
public sealed record LabelledTextFile(IReadOnlyList<LabelledText> Rows, IReadOnlyList<MentionReadError> Problems, IReadOnlyList<string> DuplicateIds, int DuplicateRows)
{
    /// <summary>How many rows were read: <see cref="Rows"/> and the <see cref="DuplicateRows"/> left out.</summary>
    public int RowsRead => Rows.Count + DuplicateRows;

    /// <summary>
    /// The <see cref="DuplicateIds"/> whose later rows differ from the first in text, rating or label, once each, in
    /// the order of their first differing repeat: the file contradicts itself there, and only the first row is scored.
    /// </summary>
    public IReadOnlyList<string> ConflictingIds { get; init; } = [];

    /// <summary>How many lines were skipped (<see cref="Problems"/>' count).</summary>
    public int RowsSkipped => Problems.Count;
}
