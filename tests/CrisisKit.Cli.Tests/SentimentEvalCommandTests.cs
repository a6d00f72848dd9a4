using System.Text.Json;

namespace CrisisKit.Cli.Tests;

public sealed class SentimentEvalCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("crisiskit-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);


    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Accented_greek_is_folded_without_culture_data()
    {
        var data = Write("greek.tsv", "id\tlabel\ttext\n1\t-1\tΑΠΑΡΑΔΕΚΤΟΙ\n2\t-1\tαπαράδεκτοι\n3\t1\tΕυχαριστώ πολύ\n4\t1\tευχαριστω πολυ\n");
        var scores = Path.Combine(_directory, "greek-scores.tsv");

        var (exit, _, _) = Cli.Run("sentiment", "eval", "--data", data, "--out", scores);

        exit.Should().Be(0);
        var byId = File.ReadAllLines(scores).Skip(1).Select(l => l.Split('\t')).ToDictionary(p => p[0], p => double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
        byId["1"].Should().BeNegative().And.Be(byId["2"], "capitals and tonos fold to the same word");
        byId["3"].Should().BePositive().And.Be(byId["4"], "accented and unaccented spellings score alike");
    }

    [Fact]
    public void Rated_files_report_pearson_macro_f1_accuracy_and_throughput()
    {
        var data = Write("rated.tsv", "id\trating\ttext\n1\t3.1\tI love this, great job\n2\t-2.9\tawful, I hate it\n3\t0.1\tthe shop opens at nine\n4\t2.2\tthanks, very helpful\n");

        var (exit, output, _) = Cli.Run("sentiment", "eval", "--data", data);

        exit.Should().Be(0);
        output.Should().Contain("rated.tsv (4 rows, ratings)").And.Contain("pearson r:").And.Contain("macro-F1:").And.Contain("accuracy:").And.Contain("texts/s");
    }

    [Fact]
    public void Json_output_has_the_documented_shape_and_scores_are_written_per_row()
    {
        var data = Write("labels.tsv", "id\tlabel\ttext\na\t1\tgreat service, thank you\nb\t-1\tterrible, never again\nc\t0\tthe store opens at nine\n");
        var scores = Path.Combine(_directory, "scores.tsv");

        var (exit, output, _) = Cli.Run("sentiment", "eval", "--data", data, "--out", scores, "--json");

        exit.Should().Be(0);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        root.GetProperty("rows").GetInt32().Should().Be(3);
        root.GetProperty("pearson").ValueKind.Should().Be(JsonValueKind.Null, "label files have no ratings");
        root.GetProperty("macroF1").GetDouble().Should().BeInRange(0, 1);
        root.GetProperty("accuracy").GetDouble().Should().BeInRange(0, 1);
        root.GetProperty("f1").GetProperty("negative").GetDouble().Should().BeInRange(0, 1);
        root.GetProperty("textsPerSecond").GetDouble().Should().BeGreaterThan(0);
        root.GetProperty("input").GetProperty("rowsRead").GetInt32().Should().Be(3);
        root.GetProperty("input").GetProperty("rowsSkipped").GetInt32().Should().Be(0);
        root.GetProperty("input").GetProperty("problems").GetArrayLength().Should().Be(0);
        root.GetProperty("input").GetProperty("duplicates").GetProperty("ids").GetInt32().Should().Be(0);
        var lines = File.ReadAllLines(scores);
        lines[0].Should().Be("id\tscore");
        lines.Skip(1).Select(l => l.Split('\t')[0]).Should().Equal("a", "b", "c");
        double.Parse(lines[1].Split('\t')[1], System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThan(0);
        double.Parse(lines[2].Split('\t')[1], System.Globalization.CultureInfo.InvariantCulture).Should().BeLessThan(0);
    }

    [Fact]
    public void A_line_over_a_mebibyte_is_skipped_counted_and_reported_with_its_line_and_the_rest_is_evaluated()
    {
        var huge = new string('x', (1 << 20) + 1);
        var data = Write("huge.tsv", $"id\tlabel\ttext\na\t1\tgreat service, thank you\nb\t-1\t{huge}\nc\t-1\tterrible, never again\nd\t0\tthe store opens at nine\n");

        var text = Cli.Run("sentiment", "eval", "--data", data);
        var json = Cli.Run("sentiment", "eval", "--data", data, "--json");

        text.Exit.Should().Be(0, text.Error);
        text.Out.Should().Contain("huge.tsv (3 rows, labels)").And.Contain("skipped:    1 line longer than 1,048,576 characters, not scored (line 3)\n").And.Contain("macro-F1:");
        json.Exit.Should().Be(0, json.Error);
        using var report = JsonDocument.Parse(json.Out);
        report.RootElement.GetProperty("rows").GetInt32().Should().Be(3);
        var input = report.RootElement.GetProperty("input");
        input.GetProperty("rowsRead").GetInt32().Should().Be(3);
        input.GetProperty("rowsSkipped").GetInt32().Should().Be(1);
        var problem = input.GetProperty("problems").EnumerateArray().Should().ContainSingle().Subject;
        problem.GetProperty("line").GetInt64().Should().Be(3);
        problem.GetProperty("reason").GetString().Should().Be("line is 1,048,582 characters long, longer than the limit of 1,048,576; skipped");
    }

    [Fact]
    public void An_id_on_several_rows_is_scored_once_from_its_first_row_and_the_repeats_are_reported()
    {
        var data = Write("dups.tsv", "id\tlabel\ttext\na\t1\tgreat service, thank you\nb\t-1\tterrible, never again\na\t1\tgreat service, thank you\nc\t0\tthe store opens at nine\nb\t-1\tterrible, never again\na\t1\tgreat service, thank you\n");
        var scores = Path.Combine(_directory, "dup-scores.tsv");

        var text = Cli.Run("sentiment", "eval", "--data", data, "--out", scores);
        var json = Cli.Run("sentiment", "eval", "--data", data, "--json");

        text.Exit.Should().Be(0, text.Error);
        text.Out.Should().Contain("dups.tsv (3 rows, labels)").And.Contain("duplicates: 2 ids are on more than one row, each scored once from its first row (3 rows left out): a, b\n").And.Contain("accuracy:   1.0000");
        File.ReadAllLines(scores).Skip(1).Select(l => l.Split('\t')[0]).Should().Equal("a", "b", "c");
        json.Exit.Should().Be(0, json.Error);
        using var report = JsonDocument.Parse(json.Out);
        report.RootElement.GetProperty("rows").GetInt32().Should().Be(3);
        var input = report.RootElement.GetProperty("input");
        input.GetProperty("rowsRead").GetInt32().Should().Be(6);
        var duplicates = input.GetProperty("duplicates");
        duplicates.GetProperty("ids").GetInt32().Should().Be(2);
        duplicates.GetProperty("rowsLeftOut").GetInt32().Should().Be(3);
        duplicates.GetProperty("first").EnumerateArray().Select(e => e.GetString()).Should().Equal("a", "b");
        duplicates.GetProperty("conflicting").GetInt32().Should().Be(0);
        text.Out.Should().NotContain("conflicts:");
    }

    [Fact]
    public void Repeated_ids_whose_rows_disagree_are_named_and_a_rated_file_of_one_id_says_why_it_has_one_row()
    {
        var data = Write("conflicts.tsv", "id\tlabel\ttext\na\t1\tgreat service, thank you\nb\t-1\tterrible, never again\na\t-1\tgreat service, thank you\nb\t-1\tterrible, never again\n");
        var rated = Write("one-id.tsv", "id\trating\ttext\nx\t2\tgreat\nx\t-2\tawful\n");

        var text = Cli.Run("sentiment", "eval", "--data", data);
        var json = Cli.Run("sentiment", "eval", "--data", data, "--json");
        var one = Cli.Run("sentiment", "eval", "--data", rated);

        text.Exit.Should().Be(0, text.Error);
        text.Out.Should().Contain("conflicts:  1 of them has a later row with another text, rating or label; the first row is the one scored: a\n");
        using var report = JsonDocument.Parse(json.Out);
        var duplicates = report.RootElement.GetProperty("input").GetProperty("duplicates");
        duplicates.GetProperty("conflicting").GetInt32().Should().Be(1);
        duplicates.GetProperty("firstConflicting").EnumerateArray().Select(e => e.GetString()).Should().Equal("a");
        one.Exit.Should().Be(2);
        one.Error.Trim().Should().Be($"crisiskit: --data: '{rated}' has one row to score (its other 1 row repeats its id); Pearson r needs at least two rated rows with different ids.");
    }

    [Fact]
    public void A_file_whose_every_row_is_over_long_is_refused_saying_so()
    {
        var data = Write("all-huge.tsv", $"id\tlabel\ttext\nb\t-1\t{new string('x', (1 << 20) + 1)}\n");

        var (exit, output, error) = Cli.Run("sentiment", "eval", "--data", data);

        exit.Should().Be(2);
        output.Should().BeEmpty();
        error.Trim().Should().Be($"crisiskit: --data: '{data}' has no rows to score; 1 line was skipped as longer than 1,048,576 characters.");
    }

    [Fact]
    public void A_missing_file_fails_with_one_line_naming_it()
    {
        var (exit, _, error) = Cli.Run("sentiment", "eval", "--data", Path.Combine(_directory, "nope.tsv"));
        exit.Should().NotBe(0);
        error.Trim().Should().StartWith("crisiskit: --data: the file").And.Contain("nope.tsv").And.Contain("does not exist");
        error.Trim().Split('\n').Should().ContainSingle();
    }

    [Fact]
    public void A_malformed_file_fails_naming_the_line()
    {
        var data = Write("bad.tsv", "id\trating\ttext\n1\t9.5\ttoo high\n");
        var (exit, _, error) = Cli.Run("sentiment", "eval", "--data", data);
        exit.Should().NotBe(0);
        error.Should().Contain("bad.tsv:2: rating '9.5' is not a number from -4 to 4");
    }

    [Fact]
    public void A_rating_megabytes_long_is_quoted_by_its_start_and_length_not_whole()
    {
        var data = Write("long-rating.tsv", $"id\trating\ttext\n1\t2\thello good\n2\t{new string('7', 1_000_000)}\tbad\n");

        var (exit, output, error) = Cli.Run("sentiment", "eval", "--data", data);

        exit.Should().Be(2);
        output.Should().BeEmpty();
        error.Trim().Should().Be($"crisiskit: {data}:3: rating '{new string('7', 40)}… (1,000,000 characters)' is not a number from -4 to 4.");
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e308")]
    public void A_rating_that_is_not_a_finite_number_is_refused_naming_the_line(string rating)
    {
        var data = Write("nan.tsv", $"id\trating\ttext\n1\t2\thello good\n2\t{rating}\tbad\n");

        foreach (var json in new[] { "", "--json" })
        {
            var (exit, output, error) = Cli.Run(["sentiment", "eval", "--data", data, .. json.Length > 0 ? [json] : Array.Empty<string>()]);

            exit.Should().Be(2);
            output.Should().BeEmpty();
            error.Trim().Should().Be($"crisiskit: {data}:3: rating '{rating}' is not a number from -4 to 4.");
        }
    }

    [Fact]
    public void A_rated_file_of_one_row_is_refused_as_too_short_for_pearson()
    {
        var data = Write("one.tsv", "id\trating\ttext\n1\t2\thello good\n");

        var (exit, _, error) = Cli.Run("sentiment", "eval", "--data", data);

        exit.Should().Be(2);
        error.Trim().Should().Be($"crisiskit: --data: '{data}' has one row; Pearson r needs at least two rated rows.");
    }

    [Theory]
    [InlineData("id\trating\ttext\n1\t2\tgreat, thank you\n2\t2\tawful, I hate it\n", "the ratings are all the same")]
    [InlineData("id\trating\ttext\n1\t2\tthe shop opens at nine\n2\t-2\tthe shop closes at six\n", "the scores are all the same")]
    public void Pearson_of_constant_ratings_or_scores_is_undefined_not_zero(string content, string because)
    {
        var data = Write("constant.tsv", content);

        var text = Cli.Run("sentiment", "eval", "--data", data);
        var json = Cli.Run("sentiment", "eval", "--data", data, "--json");

        text.Exit.Should().Be(0, text.Error);
        text.Out.Should().Contain("constant.tsv (2 rows, ratings)").And.Contain("pearson r:  undefined (the ratings or the scores are all the same)\n", because);
        json.Exit.Should().Be(0, json.Error);
        using var report = JsonDocument.Parse(json.Out);
        report.RootElement.GetProperty("pearson").ValueKind.Should().Be(JsonValueKind.Null, because);
    }

    [Fact]
    public void A_labelled_file_of_one_row_is_scored_and_said_to_hold_one_row()
    {
        var data = Write("single.tsv", "id\tlabel\ttext\n1\t1\tgreat service, thank you\n");

        var (exit, output, error) = Cli.Run("sentiment", "eval", "--data", data);

        exit.Should().Be(0, error);
        output.Should().Contain("single.tsv (1 row, labels)");
    }

    [Fact]
    public void Scores_into_a_folder_that_does_not_exist_are_refused_before_the_evaluation()
    {
        var data = Write("rated.tsv", "id\trating\ttext\n1\t2\tgreat, thank you\n2\t-2\tawful, I hate it\n");
        var folder = Path.Combine(_directory, "missing");

        var (exit, output, error) = Cli.Run("sentiment", "eval", "--data", data, "--out", Path.Combine(folder, "scores.tsv"));

        exit.Should().Be(2);
        error.Trim().Should().Be($"crisiskit: --out: the folder '{folder}' does not exist; create it or write the scores elsewhere.");
        output.Should().BeEmpty("nothing is evaluated for an output that cannot be written");
        Directory.Exists(folder).Should().BeFalse();
    }

    [Fact]
    public void Scores_are_never_written_over_the_labelled_file()
    {
        var content = "id\trating\ttext\n1\t2\tgreat, thank you\n2\t-2\tawful, I hate it\n";
        var data = Write("self.tsv", content);

        var (exit, _, error) = Cli.Run("sentiment", "eval", "--data", data, "--out", Path.Combine(_directory, ".", "self.tsv"));

        exit.Should().Be(2);
        error.Trim().Should().Be($"crisiskit: --out: '{data}' is the --data file; write the scores to another file.");
        File.ReadAllText(data).Should().Be(content);
    }

    [SkippableFact]
    public void Scores_are_never_written_over_the_labelled_file_through_a_symbolic_link()
    {
        Skip.If(OperatingSystem.IsWindows(), "creating symbolic links needs elevation on Windows");
        var content = "id\trating\ttext\n1\t2\tgreat, thank you\n2\t-2\tawful, I hate it\n";
        var data = Write("labelled.tsv", content);
        var file = File.CreateSymbolicLink(Path.Combine(_directory, "scores.tsv"), data).FullName;
        var folder = Directory.CreateSymbolicLink(Path.Combine(_directory, "linked"), _directory).FullName;

        foreach (var output in new[] { file, Path.Combine(folder, "labelled.tsv") })
        {
            var (exit, _, error) = Cli.Run("sentiment", "eval", "--data", data, "--out", output);

            exit.Should().Be(2, output);
            error.Trim().Should().Be($"crisiskit: --out: '{output}' is the --data file through a symbolic link ('{data}'); write the scores to another file.");
            File.ReadAllText(data).Should().Be(content);
        }
    }

    [Fact]
    public void A_header_without_the_needed_columns_is_rejected()
    {
        var data = Write("header.tsv", "id\tscore\ttext\n1\t1\tx\n");
        var (exit, _, error) = Cli.Run("sentiment", "eval", "--data", data);
        exit.Should().NotBe(0);
        error.Should().Contain("the header must name 'id', 'text' and 'rating' or 'label'");
    }

    [Fact]
    public void Missing_arguments_and_help_are_handled()
    {
        Cli.Run("sentiment", "eval").Exit.Should().NotBe(0);
        var help = Cli.Run("sentiment", "eval", "--help");
        help.Exit.Should().Be(0);
        help.Out.Should().Contain("--data").And.Contain("--out").And.Contain("--json");
    }
}
