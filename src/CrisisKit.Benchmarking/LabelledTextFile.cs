using CrisisKit.Ingestion;

namespace CrisisKit.Benchmarking;

/// <summary>
/// A labelled file as <see cref="LabelledText.ReadTsv"/> read it: the rows to score, and the lines it skipped and why,
/// so a caller can say what was left out instead of scoring a smaller file silently.
/// </summary>
/// <param name="Rows">The rows, in file order.</param>
/// <param name="Problems">The lines skipped (longer than the limit), in file order, each with its line number, reason and first 200 characters.</param>
public sealed record LabelledTextFile(IReadOnlyList<LabelledText> Rows, IReadOnlyList<MentionReadError> Problems)
{
    /// <summary>How many lines were skipped (<see cref="Problems"/>' count).</summary>
    public int RowsSkipped => Problems.Count;
}
