using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CrisisKit.Benchmarking;
using CrisisKit.Ingestion;
using CrisisKit.Sentiment;

namespace CrisisKit.Cli;

/// <summary><c>crisiskit sentiment ...</c></summary>
internal static class SentimentCommands
{
    public static Command Create(TextWriter output)
    {
        var data = new Option<FileInfo>("--data") { Description = "A tab-separated file with columns id, text and rating (-4..4) or label (-1, 0, 1).", Required = true };
        var outFile = new Option<FileInfo?>("--out") { Description = "Write 'id<TAB>score' per row to this file." };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        var language = new Option<string?>("--language") { Description = "The texts' language (en, el); by default decided per text from its script." };
        var threshold = CliNumbers.DecimalNumber("--threshold", "Compound scores within ±threshold are neutral.", SentimentOptions.DefaultNeutralThreshold);

        var eval = new Command("eval", "Score a labelled file with the built-in sentiment analyzer: Pearson r, three-class macro-F1, accuracy and throughput.")
        {
            data, outFile, json, language, threshold,
        };
        eval.SetAction(result => Evaluate(
            result.GetValue(data)!,
            result.GetValue(outFile),
            result.GetValue(json),
            result.GetValue(language),
            result.GetValue(threshold),
            output));

        return new Command("sentiment", "Sentiment analysis commands.") { eval };
    }

    private static int Evaluate(FileInfo data, FileInfo? outFile, bool json, string? language, double threshold, TextWriter output)
    {
        InputPaths.RequireFile(data, "--data");
        if (outFile is not null && Directory.Exists(outFile.FullName))
        {
            throw new CommandException($"--out: '{outFile.FullName}' is a folder; give the file to write the scores to.");
        }

        if (outFile is not null && InputPaths.IsAtOrInside(outFile.FullName, data.FullName))
        {
            throw new CommandException($"--out: '{outFile.FullName}' is the --data file{InputPaths.ThroughLink(outFile.FullName)}; write the scores to another file.");
        }

        if (outFile?.Directory is { Exists: false } folder)
        {
            throw new CommandException($"--out: the folder '{folder.FullName}' does not exist; create it or write the scores elsewhere.");
        }

        if (threshold is < 0 or > 0.9 || double.IsNaN(threshold))
        {
            throw new CommandException($"--threshold must be between 0 and 0.9 (was {threshold.ToString(CultureInfo.InvariantCulture)}).");
        }

        LabelledTextFile file;
        try
        {
            file = LabelledText.ReadTsv(data.FullName);
        }
        catch (InvalidDataException ex)
        {
            throw new CommandException(ex.Message);
        }

        var rows = file.Rows;

        if (rows.Count == 0)
        {
            throw new CommandException(file.RowsSkipped == 0
                ? $"--data: '{data.FullName}' has no rows."
                : string.Create(CultureInfo.InvariantCulture, $"--data: '{data.FullName}' has no rows to score; {file.RowsSkipped:N0} {(file.RowsSkipped == 1 ? "line was" : "lines were")} skipped as longer than {MentionReaderOptions.DefaultMaxRecordLength:N0} characters."));
        }

        if (rows.Count == 1 && rows[0].Rating is not null)
        {
            throw new CommandException(file.DuplicateRows == 0
                ? $"--data: '{data.FullName}' has one row; Pearson r needs at least two rated rows."
                : string.Create(CultureInfo.InvariantCulture, $"--data: '{data.FullName}' has one row to score (its other {file.DuplicateRows:N0} {(file.DuplicateRows == 1 ? "row repeats" : "rows repeat")} its id); Pearson r needs at least two rated rows with different ids."));
        }

        var analyzer = new LexiconSentimentAnalyzer(new SentimentOptions { NeutralThreshold = threshold });
        if (language is not null && !analyzer.Languages.Contains(language, StringComparer.Ordinal))
        {
            throw new CommandException($"--language must be {string.Join(" or ", analyzer.Languages.Order(StringComparer.Ordinal))} (was '{language}'), or left out to decide per text from its script.");
        }

        var evaluation = SentimentEvaluation.Run(rows, analyzer, threshold, language);

        if (outFile is not null)
        {
            var builder = new StringBuilder("id\tscore\n");
            for (var i = 0; i < rows.Count; i++)
            {
                builder.Append(rows[i].Id).Append('\t').Append(evaluation.Scores[i].ToString("0.####", CultureInfo.InvariantCulture)).Append('\n');
            }

            File.WriteAllText(outFile.FullName, builder.ToString());
        }

        if (json)
        {
            var report = new SentimentReport(
                data.Name,
                evaluation.Count,
                evaluation.Pearson is { } r && !double.IsNaN(r) ? Math.Round(r, 4) : null,
                Math.Round(evaluation.MacroF1, 4),
                Math.Round(evaluation.Accuracy, 4),
                new ClassScores(Math.Round(evaluation.F1[SentimentLabel.Negative], 4), Math.Round(evaluation.F1[SentimentLabel.Neutral], 4), Math.Round(evaluation.F1[SentimentLabel.Positive], 4)),
                Math.Round(evaluation.TextsPerSecond),
                new InputReport(
                    file.RowsRead,
                    file.RowsSkipped,
                    [.. file.Problems.Select(p => new InputProblem(p.LineNumber, p.Reason))],
                    new DuplicateReport(file.DuplicateIds.Count, file.DuplicateRows, [.. file.DuplicateIds.Take(DuplicateReport.Listed).Select(Fields.Excerpt)], file.ConflictingIds.Count, [.. file.ConflictingIds.Take(DuplicateReport.Listed).Select(Fields.Excerpt)])));
            output.WriteLine(JsonSerializer.Serialize(report, CliJsonContext.Default.SentimentReport));
            return 0;
        }

        var inv = CultureInfo.InvariantCulture;
        output.WriteLine($"file:       {data.Name} ({evaluation.Count} {(evaluation.Count == 1 ? "row" : "rows")}, {(evaluation.Pearson is null ? "labels" : "ratings")})");
        if (file.RowsSkipped > 0)
        {
            var lines = file.Problems.Select(p => p.LineNumber.ToString(inv)).ToList();
            output.WriteLine(string.Create(inv, $"skipped:    {file.RowsSkipped:N0} {(file.RowsSkipped == 1 ? "line" : "lines")} longer than {MentionReaderOptions.DefaultMaxRecordLength:N0} characters, not scored ({(lines.Count == 1 ? "line" : "lines")} {CrisisKitCommand.FirstFew(lines)})"));
        }

        if (file.DuplicateRows > 0)
        {
            var ids = file.DuplicateIds.Count;
            output.WriteLine(string.Create(inv, $"duplicates: {ids:N0} {(ids == 1 ? "id is" : "ids are")} on more than one row, each scored once from its first row ({file.DuplicateRows:N0} {(file.DuplicateRows == 1 ? "row" : "rows")} left out): {CrisisKitCommand.FirstFew([.. file.DuplicateIds.Select(Fields.Excerpt)])}"));
            if (file.ConflictingIds.Count is var conflicting and > 0)
            {
                output.WriteLine(string.Create(inv, $"conflicts:  {conflicting:N0} of them {(conflicting == 1 ? "has" : "have")} a later row with another text, rating or label; the first row is the one scored: {CrisisKitCommand.FirstFew([.. file.ConflictingIds.Select(Fields.Excerpt)])}"));
            }
        }

        if (evaluation.Pearson is { } pearson)
        {
            output.WriteLine(double.IsNaN(pearson) ? "pearson r:  undefined (the ratings or the scores are all the same)" : string.Create(inv, $"pearson r:  {pearson:0.0000}"));
        }

        output.WriteLine(string.Create(inv, $"macro-F1:   {evaluation.MacroF1:0.0000} (negative {evaluation.F1[SentimentLabel.Negative]:0.000}, neutral {evaluation.F1[SentimentLabel.Neutral]:0.000}, positive {evaluation.F1[SentimentLabel.Positive]:0.000})"));
        output.WriteLine(string.Create(inv, $"accuracy:   {evaluation.Accuracy:0.0000}"));
        output.WriteLine(string.Create(inv, $"throughput: {evaluation.TextsPerSecond:N0} texts/s (one thread)"));
        return 0;
    }
}

/// <summary>The JSON shape of <c>crisiskit sentiment eval --json</c>; <c>pearson</c> is null for labels, and for ratings where r is undefined.</summary>
internal sealed record SentimentReport(string File, int Rows, double? Pearson, double MacroF1, double Accuracy, ClassScores F1, double TextsPerSecond, InputReport Input);

/// <summary>What was read of the labelled file: rows read (duplicates included), lines skipped with each one's number and reason, and the ids repeated.</summary>
internal sealed record InputReport(int RowsRead, int RowsSkipped, IReadOnlyList<InputProblem> Problems, DuplicateReport Duplicates);

/// <summary>
/// Ids on more than one row: how many, how many rows were left out (only an id's first row is scored), and the first few
/// ids; and of those, how many have a later row with another text, rating or label, and the first few of them.
/// </summary>
internal sealed record DuplicateReport(int Ids, int RowsLeftOut, IReadOnlyList<string> First, int Conflicting, IReadOnlyList<string> FirstConflicting)
{
    /// <summary>How many ids <see cref="First"/> lists at most.</summary>
    public const int Listed = 10;
}

/// <summary>One skipped line of the labelled file.</summary>
internal sealed record InputProblem(long Line, string Reason);

/// <summary>F1 per class.</summary>
internal sealed record ClassScores(double Negative, double Neutral, double Positive);
