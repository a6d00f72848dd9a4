using System.Globalization;
using CrisisKit.Ingestion;

namespace CrisisKit.Benchmarking;

/// <summary>One human-labelled text for scoring a sentiment analyzer.</summary>
/// <param name="Id">The row's identifier.</param>
/// <param name="Text">The text.</param>
/// <param name="Rating">A mean human rating from -4 to +4, when the data has one.</param>
/// <param name="Label">A class label, when the data has one instead of a rating.</param>
public sealed record LabelledText(string Id, string Text, double? Rating, Sentiment.SentimentLabel? Label)
{
    /// <summary>Ratings at or above this are positive when a class is needed.</summary>
    public const double PositiveRating = 0.5;

    /// <summary>The class of this row: its label, or its rating classed with ±<see cref="PositiveRating"/>.</summary>
    public Sentiment.SentimentLabel TrueLabel => Label ?? (Rating >= PositiveRating ? Sentiment.SentimentLabel.Positive
        : Rating <= -PositiveRating ? Sentiment.SentimentLabel.Negative
        : Sentiment.SentimentLabel.Neutral);

    /// <summary>
    /// Reads a tab-separated file with a header naming <c>id</c>, <c>text</c> and either <c>rating</c> (a number,
    /// -4..4) or <c>label</c> (-1, 0 or 1). Other columns are ignored. A line longer than
    /// <paramref name="maxLineLength"/> characters is never held whole: it is skipped and reported in
    /// <see cref="LabelledTextFile.Problems"/> with its line number, and the rest of the file is read. An id given on
    /// more than one row is read once, from its first row; the later rows are counted in
    /// <see cref="LabelledTextFile.DuplicateRows"/> and their ids listed in <see cref="LabelledTextFile.DuplicateIds"/>,
    /// and in <see cref="LabelledTextFile.ConflictingIds"/> too where a later row's text, rating or label differs.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="maxLineLength">The longest line read, in characters; default <see cref="MentionReaderOptions.DefaultMaxRecordLength"/> (1 MiB).</param>
    /// <returns>The rows (one per id), the lines skipped and the ids repeated.</returns>
    /// <exception cref="InvalidDataException">The file is empty, the header lacks a column or is longer than <paramref name="maxLineLength"/>, or a row is malformed (the message names the line).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLineLength"/> is less than 1.</exception>
    public static LabelledTextFile ReadTsv(string path, int maxLineLength = MentionReaderOptions.DefaultMaxRecordLength)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineLength, 1);
        using var stream = new StreamReader(path);
        var reader = new BoundedLineReader(stream, maxLineLength);
        var header = reader.ReadLine() ?? throw new InvalidDataException($"{path}: the file is empty.");
        if (header.Text is null)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{path}:1: the header is {header.Length:N0} characters long, longer than the limit of {maxLineLength:N0}; is this a labelled TSV file?"));
        }

        var columns = header.Text.Split('\t').Select(c => c.Trim().ToLowerInvariant()).ToList();
        var id = columns.IndexOf("id");
        var text = columns.IndexOf("text");
        var rating = columns.IndexOf("rating");
        var label = columns.IndexOf("label");
        if (id < 0 || text < 0 || (rating < 0 && label < 0))
        {
            throw new InvalidDataException($"{path}:1: the header must name 'id', 'text' and 'rating' or 'label' (found: {string.Join(", ", columns)}).");
        }

        var rows = new List<LabelledText>();
        var problems = new List<MentionReadError>();
        var firstRows = new Dictionary<string, LabelledText>(StringComparer.Ordinal);
        var repeated = new HashSet<string>(StringComparer.Ordinal);
        var duplicateIds = new List<string>();
        var conflicting = new HashSet<string>(StringComparer.Ordinal);
        var conflictingIds = new List<string>();
        var duplicateRows = 0;
        var lineNumber = 1;
        while (reader.ReadLine() is { } next)
        {
            lineNumber++;
            if (next.Text is not { } line)
            {
                problems.Add(new MentionReadError(path, lineNumber, string.Create(CultureInfo.InvariantCulture, $"line is {next.Length:N0} characters long, longer than the limit of {maxLineLength:N0}; skipped"), next.Start + "…"));
                continue;
            }

            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length < columns.Count)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: expected {columns.Count} tab-separated fields, found {fields.Length}.");
            }

            double? ratingValue = null;
            Sentiment.SentimentLabel? labelValue = null;
            if (rating >= 0)
            {
                if (!double.TryParse(fields[rating], NumberStyles.Float, CultureInfo.InvariantCulture, out var r) || r is < -4 or > 4 || double.IsNaN(r))
                {
                    throw new InvalidDataException($"{path}:{lineNumber}: rating '{Fields.Excerpt(fields[rating])}' is not a number from -4 to 4.");
                }

                ratingValue = r;
            }
            else
            {
                labelValue = fields[label].Trim() switch
                {
                    "-1" => Sentiment.SentimentLabel.Negative,
                    "0" => Sentiment.SentimentLabel.Neutral,
                    "1" => Sentiment.SentimentLabel.Positive,
                    var other => throw new InvalidDataException($"{path}:{lineNumber}: label '{Fields.Excerpt(other)}' is not -1, 0 or 1."),
                };
            }

            var row = new LabelledText(fields[id], fields[text], ratingValue, labelValue);
            if (firstRows.TryGetValue(row.Id, out var first))
            {
                // Scored once, from its first row: a repeated row would count its text twice in every figure.
                duplicateRows++;
                if (repeated.Add(first.Id))
                {
                    duplicateIds.Add(first.Id);
                }

                if (row != first && conflicting.Add(first.Id))
                {
                    conflictingIds.Add(first.Id);
                }

                continue;
            }

            firstRows.Add(row.Id, row);
            rows.Add(row);
        }

        return new LabelledTextFile(rows, problems, duplicateIds, duplicateRows) { ConflictingIds = conflictingIds };
    }
}
