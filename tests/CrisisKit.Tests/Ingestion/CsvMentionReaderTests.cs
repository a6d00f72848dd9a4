using CrisisKit.Hosting;
using CrisisKit.Ingestion;
using CrisisKit.Mentions;

namespace CrisisKit.Tests.Ingestion;

public class CsvMentionReaderTests
{
    [Fact]
    public async Task Reads_quoted_fields_with_commas_quotes_and_line_breaks()
    {
        const string csv = """
            id,platform,timestamp,text,language,author,author_name,followers,verified,likes,shares,replies,views,in_reply_to_id,quoted_id,url
            1,X,2026-03-01T10:15:00Z,"Acme, why? He said ""no""
            twice",en,jane,"Jane D",1200,yes,3,1,2,210,,q1,https://x.example/1
            2,facebook,1772360100,plain text,,bob,,,,,,,,,,
            """;
        var reader = new CsvMentionReader();

        var mentions = await reader.ReadAllAsync(csv);

        mentions.Should().HaveCount(2);
        mentions[0].Should().Be(new Mention
        {
            Id = "1",
            Platform = "x",
            Timestamp = new DateTimeOffset(2026, 3, 1, 10, 15, 0, TimeSpan.Zero),
            Text = "Acme, why? He said \"no\"\ntwice",
            Language = "en",
            Author = new MentionAuthor("jane", 1200, true) { DisplayName = "Jane D" },
            Engagement = new MentionEngagement(3, 1, 2, 210),
            QuotedId = "q1",
            Url = "https://x.example/1",
        });
        mentions[1].Timestamp.Should().Be(new DateTimeOffset(2026, 3, 1, 10, 15, 0, TimeSpan.Zero));
        mentions[1].Language.Should().BeNull();
        mentions[1].Author.Followers.Should().Be(0);
    }

    [Fact]
    public async Task Column_mapping_renames_columns_and_sets_the_delimiter()
    {
        const string tsv = "tweet_id\tcreated_at\tbody\tuser\n99\t2026-03-01 10:15:00\tΚαλημέρα\tmaria\n";
        var reader = new CsvMentionReader(
            new MentionReaderOptions { DefaultPlatform = Platforms.X },
            new CsvColumnMapping { Delimiter = '\t', Id = "tweet_id", Timestamp = "created_at", Text = "BODY", AuthorHandle = "user" });

        var mention = (await reader.ReadAllAsync(tsv)).Should().ContainSingle().Subject;

        mention.Id.Should().Be("99");
        mention.Platform.Should().Be("x");
        mention.Text.Should().Be("Καλημέρα");
        mention.Author.Handle.Should().Be("maria");
    }

    [Fact]
    public async Task Each_mention_is_given_the_line_it_starts_on()
    {
        const string csv = """
            id,platform,timestamp,author,text
            1,x,2026-03-01T10:00:00Z,a,"two
            lines"

            2,x,not a time,a,bad
            3,x,2026-03-01T10:00:00Z,a,fine
            """;

        (await new CsvMentionReader().ReadLinesAsync(csv)).Should().Equal(("1", 2L), ("3", 6L));
    }

    [Fact]
    public async Task Malformed_records_are_reported_with_the_line_they_start_on()
    {
        const string csv = """
            id,platform,timestamp,author,followers,text
            1,x,2026-03-01T10:00:00Z,a,5,fine
            2,x,2026-03-01T10:00:00Z,a,5
            3,x,not a time,a,5,bad time

            4,x,2026-03-01T10:00:00Z,a,many,bad count
            5,x,2026-03-01T10:00:00Z,a,5,"multi
            line" ok
            6,x,2026-03-01T10:00:00Z,a,5,"never closed
            """;
        var reader = new CsvMentionReader();

        var mentions = await reader.ReadAllAsync(csv, "export.csv");

        mentions.Select(m => m.Id).Should().Equal("1");
        reader.Statistics.BlankLines.Should().Be(1);
        reader.Statistics.Errors.Select(e => (e.LineNumber, e.Reason)).Should().Equal(
            (3, "expected 6 fields as in the header, found 5"),
            (4, "'timestamp' value 'not a time' is not an ISO 8601 date-time or Unix time"),
            (6, "'followers' value 'many' must be a whole number, zero or more"),
            (7, "unexpected text after a closing quote (a quote inside a quoted field must be doubled)"),
            (8, "expected 6 fields as in the header, found 1"),
            (9, "a quoted field is not closed before the end of the input"));
    }

    [Fact]
    public async Task An_unclosed_quote_costs_only_its_own_line()
    {
        const string csv = """"
            id,platform,timestamp,author,text
            1,x,2026-03-01T10:00:00Z,a,"acme unclosed
            2,x,2026-03-01T10:01:00Z,b,acme two
            3,x,2026-03-01T10:02:00Z,c,"acme ""three"""
            4,x,2026-03-01T10:03:00Z,d,acme four
            """";
        var reader = new CsvMentionReader();

        var mentions = await reader.ReadAllAsync(csv);

        mentions.Select(m => m.Id).Should().Equal("2", "3", "4");
        mentions[1].Text.Should().Be("acme \"three\"");
        var error = reader.Statistics.Errors.Should().ContainSingle().Subject;
        error.LineNumber.Should().Be(2);
        error.Excerpt.Should().Be("1,x,2026-03-01T10:00:00Z,a,\"acme unclosed");
        reader.Statistics.Consumed.Should().Be(csv.Length);
    }

    [Fact]
    public async Task An_unclosed_quote_before_a_long_file_stops_at_the_record_limit_and_the_rest_is_read()
    {
        var rows = Enumerable.Range(2, 200).Select(i => $"{i},x,2026-03-01T10:00:00Z,a,acme {i}");
        var csv = "id,platform,timestamp,author,text\n1,x,2026-03-01T10:00:00Z,a,\"never closed\n" + string.Join("\n", rows) + "\n";
        var reader = new CsvMentionReader(new MentionReaderOptions { MaxRecordLength = 1024 });

        var mentions = await reader.ReadAllAsync(csv);

        mentions.Should().HaveCount(200);
        reader.Statistics.Errors.Should().ContainSingle().Which.Should().Match<MentionReadError>(e => e.LineNumber == 2 && e.Reason == "record is longer than MaxRecordLength (1024 characters)");
    }

    [Fact]
    public async Task A_header_without_required_columns_stops_the_read_naming_them()
    {
        var act = async () => await new CsvMentionReader().ReadAllAsync("id,text\n1,hello\n");
        (await act.Should().ThrowAsync<InvalidDataException>())
            .WithMessage("*lacks the required column(s) 'timestamp', 'author', 'platform'*");
    }

    [Theory]
    [InlineData("id,platform,timestamp,text,author,text", null, "'text' (CsvColumnMapping.Text) at positions 4 and 6")]
    [InlineData("ID,platform,timestamp,author, id ,Id", null, "'id' (CsvColumnMapping.Id) at positions 1, 5 and 6")]
    [InlineData("id,platform,timestamp,Body,author, body ", "body", "'body' (CsvColumnMapping.Text) at positions 4 and 6")]
    [InlineData("id,platform,timestamp,author,likes,text,likes,author", null, "'author' (CsvColumnMapping.AuthorHandle) at positions 4 and 8; 'likes' (CsvColumnMapping.Likes) at positions 5 and 7")]
    public async Task A_header_naming_a_read_column_twice_stops_the_read_naming_the_column_and_its_positions(string header, string? text, string repeated)
    {
        var mapping = text is null ? new CsvColumnMapping() : new CsvColumnMapping { Text = text };
        var fields = header.Split(',').Length;
        var csv = header + "\n" + string.Join(",", Enumerable.Repeat("1", fields)) + "\n";

        var act = async () => await new CsvMentionReader(mapping: mapping).ReadAllAsync(csv, "m.csv");

        (await act.Should().ThrowAsync<InvalidDataException>())
            .WithMessage($"m.csv:1: the CSV header names the same column more than once: {repeated}. A field is read from one column, so the reader cannot tell which to use; *");
    }

    [Fact]
    public async Task A_repeated_column_the_mapping_does_not_read_is_ignored()
    {
        const string csv = "id,platform,timestamp,author,note,text,note\n1,x,2026-03-01T10:00:00Z,a,first,hello,second\n";

        var mention = (await new CsvMentionReader().ReadAllAsync(csv)).Should().ContainSingle().Subject;

        mention.Text.Should().Be("hello");
    }

    [Fact]
    public async Task A_repeated_column_whose_field_the_mapping_ignores_is_not_refused()
    {
        const string csv = "id,platform,timestamp,author,text,url,url\n1,x,2026-03-01T10:00:00Z,a,hello,https://a.example,https://b.example\n";

        var mention = (await new CsvMentionReader(mapping: new CsvColumnMapping { Url = null }).ReadAllAsync(csv)).Should().ContainSingle().Subject;

        mention.Url.Should().BeNull();
    }

    [Fact]
    public async Task Fail_fast_stops_at_the_first_bad_record()
    {
        var reader = new CsvMentionReader(new MentionReaderOptions { MalformedInput = MalformedInputHandling.FailFast });
        var act = async () => await reader.ReadAllAsync("id,platform,timestamp,author\n1,x,1772360100,a\n2,x,never,a\n");
        (await act.Should().ThrowAsync<MalformedMentionException>()).Which.Error.LineNumber.Should().Be(3);
    }

    [Fact]
    public void Letters_cannot_be_delimiters()
    {
        var act = () => new CsvMentionReader(mapping: new CsvColumnMapping { Delimiter = 'x' });
        act.Should().Throw<ArgumentException>().WithMessage("*Delimiter 'x' cannot be used*");
    }

    [Fact]
    public void Files_are_read_by_extension()
    {
        MentionFiles.CreateReader("a.csv").Should().BeOfType<CsvMentionReader>();
        MentionFiles.CreateReader("a.TSV").Should().BeOfType<CsvMentionReader>().Which.Mapping.Delimiter.Should().Be('\t');
        MentionFiles.CreateReader("a.ndjson").Should().BeOfType<JsonLinesMentionReader>();
        var act = () => MentionFiles.CreateReader("a.xml");
        act.Should().Throw<ArgumentException>().WithMessage("*'.xml'*");
    }
}
