using CrisisKit.Benchmarking;
using CrisisKit.Ingestion;
using CrisisKit.Sentiment;

namespace CrisisKit.Tests.Benchmarking;

public sealed class LabelledTextTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("crisiskit-labelled-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string content)
    {
        var path = Path.Combine(_directory, "labels.tsv");
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void ReadTsv_skips_a_line_over_the_default_limit_reports_its_line_and_reads_the_rest()
    {
        var huge = new string('x', MentionReaderOptions.DefaultMaxRecordLength + 1);
        var path = Write($"id\tlabel\ttext\na\t1\tgreat\nb\t-1\t{huge}\nc\t0\topens at nine\n");

        var file = LabelledText.ReadTsv(path);

        file.Rows.Select(r => r.Id).Should().Equal("a", "c");
        file.RowsSkipped.Should().Be(1);
        var problem = file.Problems.Should().ContainSingle().Subject;
        problem.Source.Should().Be(path);
        problem.LineNumber.Should().Be(3);
        problem.Reason.Should().Be("line is 1,048,582 characters long, longer than the limit of 1,048,576; skipped");
        problem.Excerpt.Should().Be("b\t-1\t" + new string('x', 195) + "…");
    }

    [Fact]
    public void ReadTsv_reads_a_line_of_exactly_the_limit_and_skips_one_character_more()
    {
        var path = Write($"id\tlabel\ttext\na\t1\t{new string('x', 1020)}\nb\t1\t{new string('x', 1021)}\n");

        var file = LabelledText.ReadTsv(path, maxLineLength: 1024);

        file.Rows.Should().ContainSingle().Which.Text.Should().HaveLength(1020);
        file.Problems.Should().ContainSingle().Which.LineNumber.Should().Be(3);
    }

    [Fact]
    public void ReadTsv_never_holds_an_over_long_line_in_memory()
    {
        var path = Path.Combine(_directory, "huge.tsv");
        using (var writer = new StreamWriter(path))
        {
            writer.Write("id\tlabel\ttext\na\t1\t");
            var block = new string('x', 1 << 16);
            for (var i = 0; i < 320; i++)
            {
                writer.Write(block);
            }

            writer.Write("\nb\t-1\tawful\n");
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var file = LabelledText.ReadTsv(path, maxLineLength: 1024);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        file.Rows.Should().ContainSingle().Which.Id.Should().Be("b");
        file.Problems.Should().ContainSingle().Which.Reason.Should().Contain("20,971,524 characters long");
        allocated.Should().BeLessThan(2 << 20, "a 20-million-character line is read through, not into a string (that alone would be 40 MB)");
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void ReadTsv_ends_lines_as_ReadLine_does_also_where_a_line_break_straddles_the_read_buffer(string newline)
    {
        // The first row is sized so that its line break falls on the 64 Ki-character buffer boundary.
        var header = "id\tlabel\ttext" + newline;
        var first = "a\t1\t" + new string('x', (1 << 16) - header.Length - 5);
        var path = Write(header + first + newline + "b\t-1\tawful" + newline + newline + "c\t0\tnine" + newline);

        var file = LabelledText.ReadTsv(path);

        file.Rows.Select(r => r.Id).Should().Equal("a", "b", "c");
        file.Rows[0].Text.Should().HaveLength((1 << 16) - header.Length - 5);
        file.Rows.Select(r => r.Label).Should().Equal(SentimentLabel.Positive, SentimentLabel.Negative, SentimentLabel.Neutral);
        file.Problems.Should().BeEmpty();
    }

    [Fact]
    public void ReadTsv_refuses_a_header_over_the_limit_without_reading_it_whole()
    {
        var path = Write("id\tlabel\ttext" + new string('\t', 2000) + "\na\t1\tgreat\n");

        var act = () => LabelledText.ReadTsv(path, maxLineLength: 1024);

        act.Should().Throw<InvalidDataException>().WithMessage($"{path}:1: the header is 2,013 characters long, longer than the limit of 1,024; is this a labelled TSV file?");
    }

    [Theory]
    [InlineData("rating")]
    [InlineData("label")]
    public void ReadTsv_quotes_a_bad_value_megabytes_long_by_its_first_40_characters_and_its_length(string column)
    {
        var value = new string('9', 500_000);
        var path = Write($"id\t{column}\ttext\na\t{value}\tgreat\n");

        var act = () => LabelledText.ReadTsv(path);

        var expected = column == "rating" ? "is not a number from -4 to 4." : "is not -1, 0 or 1.";
        act.Should().Throw<InvalidDataException>().Which.Message.Should().Be($"{path}:2: {column} '{new string('9', 40)}… (500,000 characters)' {expected}");
    }

    [Theory]
    [InlineData("rating", "9.5", "is not a number from -4 to 4.")]
    [InlineData("label", "2", "is not -1, 0 or 1.")]
    public void ReadTsv_quotes_a_short_bad_value_whole(string column, string value, string expected)
    {
        var path = Write($"id\t{column}\ttext\na\t1\tfine\nb\t{value}\tgreat\n");

        var act = () => LabelledText.ReadTsv(path);

        act.Should().Throw<InvalidDataException>().WithMessage($"{path}:3: {column} '{value}' {expected}");
    }

    [Fact]
    public void ReadTsv_reads_each_id_once_from_its_first_row_and_lists_the_repeated_ids()
    {
        var path = Write("id\tlabel\ttext\na\t1\tgreat\nb\t-1\tawful\na\t-1\tawful again\nc\t0\tnine\na\t1\tgreat\nb\t-1\tawful\n");

        var file = LabelledText.ReadTsv(path);

        file.Rows.Select(r => (r.Id, r.Text, r.Label)).Should().Equal(("a", "great", SentimentLabel.Positive), ("b", "awful", SentimentLabel.Negative), ("c", "nine", SentimentLabel.Neutral));
        file.DuplicateIds.Should().Equal("a", "b");
        file.ConflictingIds.Should().Equal(["a"], "a's second row has another label and text; b's repeat is the same row");
        file.DuplicateRows.Should().Be(3);
        file.RowsRead.Should().Be(6);
        file.Problems.Should().BeEmpty();
    }

    [SkippableFact]
    public void The_airline_tweets_hold_four_ids_twice_and_each_is_scored_once()
    {
        var file = LabelledText.ReadTsv(SharedData.Require("sentiment/airline-tweets-dev.tsv"));

        file.RowsRead.Should().Be(7320);
        file.DuplicateIds.Should().BeEquivalentTo(["570264948548313088", "569944281512685570", "569699455919726593", "569622568459636736"]);
        file.DuplicateRows.Should().Be(4);
        file.ConflictingIds.Should().BeEmpty("each repeat has the same text and label");
        file.Rows.Should().HaveCount(7316).And.OnlyHaveUniqueItems(r => r.Id);
    }
}
