using System.Text;
using CrisisKit.Hosting;
using CrisisKit.Ingestion;
using CrisisKit.Mentions;

namespace CrisisKit.Tests.Ingestion;

public class JsonLinesMentionReaderTests
{
    private const string Full = """
        {"id":"1790","platform":"X","timestamp":"2026-03-01T12:15:00+02:00","text":"@acme my order never came 😡","language":"EN","author":{"handle":"@jane","displayName":"Jane","followers":1200,"verified":true},"engagement":{"likes":3,"shares":1,"replies":2,"views":210},"inReplyToId":"17","quotedId":null,"url":"https://x.example/jane/1790","extra":{"ignored":[1,2,3]}}
        """;

    [Fact]
    public async Task Reads_every_field_and_normalises_codes_and_time()
    {
        var reader = new JsonLinesMentionReader();
        var mention = (await reader.ReadAllAsync(Full)).Should().ContainSingle().Subject;

        mention.Id.Should().Be("1790");
        mention.Platform.Should().Be("x");
        mention.Timestamp.Should().Be(new DateTimeOffset(2026, 3, 1, 10, 15, 0, TimeSpan.Zero));
        mention.Timestamp.Offset.Should().Be(TimeSpan.Zero);
        mention.Text.Should().Be("@acme my order never came 😡");
        mention.Language.Should().Be("en");
        mention.Author.Should().Be(new MentionAuthor("jane", 1200, true) { DisplayName = "Jane" });
        mention.Engagement.Should().Be(new MentionEngagement(3, 1, 2, 210));
        mention.InReplyToId.Should().Be("17");
        mention.QuotedId.Should().BeNull();
        mention.Url.Should().Be("https://x.example/jane/1790");
        reader.Statistics.Mentions.Should().Be(1);
        reader.Statistics.Malformed.Should().Be(0);
    }

    [Fact]
    public async Task Each_mention_is_given_its_line()
    {
        const string lines = """
            {"id":"1","platform":"x","timestamp":"2026-03-01T10:00:00Z","text":"a","author":"a"}

            not json
            {"id":"2","platform":"x","timestamp":"2026-03-01T10:00:00Z","text":"b","author":"a"}
            """;

        (await new JsonLinesMentionReader().ReadLinesAsync(lines)).Should().Equal(("1", 1L), ("2", 4L));
    }

    [Theory]
    [InlineData("\"2026-03-01T10:15:00\"")]
    [InlineData("\"2026-03-01T10:15:00Z\"")]
    [InlineData("\"2026-03-01 10:15:00\"")]
    [InlineData("1772360100")]
    [InlineData("1772360100000")]
    public async Task Accepts_iso_times_without_offset_as_utc_and_unix_seconds_or_milliseconds(string timestamp)
    {
        var line = $$"""{"id":1,"platform":"x","timestamp":{{timestamp}},"author":"a"}""";
        var mention = (await new JsonLinesMentionReader().ReadAllAsync(line)).Should().ContainSingle().Subject;
        mention.Timestamp.Should().Be(new DateTimeOffset(2026, 3, 1, 10, 15, 0, TimeSpan.Zero));
        mention.Text.Should().BeEmpty("a missing text is an empty text");
    }

    [Fact]
    public async Task Malformed_lines_are_reported_with_line_number_and_reason_and_the_rest_is_read()
    {
        var content = string.Join("\n",
            """{"id":"1","platform":"x","timestamp":"2026-03-01T10:00:00Z","author":"a","text":"ok"}""",
            """{"id":"2","platform":"x","timestamp":"2026-03-01T10:00:00Z","author":"a","text":"unterminated}""",
            "",
            """{"platform":"x","timestamp":"2026-03-01T10:00:00Z","author":"a"}""",
            """{"id":"4","platform":"x","timestamp":"yesterday","author":"a"}""",
            """{"id":"5","platform":"x","timestamp":"2026-03-01T10:00:00Z","author":{"handle":"a","followers":-5}}""",
            """[1,2,3]""",
            """{"id":"7","platform":"x","timestamp":"2026-03-01T10:00:00Z","author":"a"} trailing""",
            """{"id":"8","platform":"x","timestamp":"2026-03-01T10:00:00Z","author":"a","text":"also ok"}""");
        var reported = new List<MentionReadError>();
        var reader = new JsonLinesMentionReader(new MentionReaderOptions { OnError = reported.Add });

        var mentions = await reader.ReadAllAsync(content, "feed.jsonl");

        mentions.Select(m => m.Id).Should().Equal("1", "8");
        reader.Statistics.Malformed.Should().Be(6);
        reader.Statistics.BlankLines.Should().Be(1);
        reader.Statistics.Records.Should().Be(8);
        reader.Statistics.Errors.Should().Equal(reported);
        reported.Select(e => e.LineNumber).Should().Equal(2, 4, 5, 6, 7, 8);
        reported.Should().OnlyContain(e => e.Source == "feed.jsonl");
        reported[0].Reason.Should().StartWith("invalid JSON");
        reported[1].Reason.Should().Be("missing required field 'id'");
        reported[2].Reason.Should().Contain("'timestamp' value 'yesterday'");
        reported[3].Reason.Should().Be("'author.followers' must be a whole number, zero or more");
        reported[4].Reason.Should().Be("a line must hold one JSON object");
        reported[5].Reason.Should().StartWith("invalid JSON");
        reported[3].Excerpt.Should().Contain("\"followers\":-5");
        reported[3].ToString().Should().StartWith("feed.jsonl:6: ");
    }

    [Fact]
    public async Task Fail_fast_throws_at_the_first_malformed_line_after_returning_the_good_ones()
    {
        var content = "{\"id\":\"1\",\"platform\":\"x\",\"timestamp\":1772360100,\"author\":\"a\"}\nnot json\n{\"id\":\"3\",\"platform\":\"x\",\"timestamp\":1772360100,\"author\":\"a\"}";
        var reader = new JsonLinesMentionReader(new MentionReaderOptions { MalformedInput = MalformedInputHandling.FailFast });
        var seen = new List<string>();

        var act = async () =>
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
            await foreach (var mention in reader.ReadAsync(stream))
            {
                seen.Add(mention.Id);
            }
        };

        (await act.Should().ThrowAsync<MalformedMentionException>()).Which.Error.LineNumber.Should().Be(2);
        seen.Should().Equal("1");
    }

    [Fact]
    public async Task Overlong_lines_are_reported_once_and_skipped_without_being_buffered()
    {
        var huge = new string('x', 5000);
        var content = $$"""
            {"id":"1","platform":"x","timestamp":1772360100,"author":"a","text":"{{huge}}"}
            {"id":"2","platform":"x","timestamp":1772360100,"author":"a","text":"short"}
            """;
        var reader = new JsonLinesMentionReader(new MentionReaderOptions { MaxRecordLength = 1024 });

        var mentions = await reader.ReadAllAsync(content);

        mentions.Should().ContainSingle().Which.Id.Should().Be("2");
        reader.Statistics.Errors.Should().ContainSingle().Which.Should().Match<MentionReadError>(e => e.LineNumber == 1 && e.Reason.Contains("MaxRecordLength"));
    }

    [Fact]
    public async Task Reads_across_buffer_boundaries_with_crlf_and_a_byte_order_mark()
    {
        var lines = Enumerable.Range(0, 5000).Select(i => $$"""{"id":"{{i}}","platform":"facebook","timestamp":{{1772360100 + i}},"author":"user{{i}}","text":"Καλημέρα {{i}} ☀️"}""");
        var content = "\uFEFF" + string.Join("\r\n", lines) + "\r\n";

        var reader = new JsonLinesMentionReader();
        var mentions = await reader.ReadAllAsync(content);

        mentions.Should().HaveCount(5000);
        mentions.Select(m => m.Id).Should().Equal(Enumerable.Range(0, 5000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        mentions[4321].Text.Should().Be("Καλημέρα 4321 ☀️");
        reader.Statistics.Consumed.Should().Be(Encoding.UTF8.GetByteCount(content));
    }

    [Fact]
    public async Task Missing_platform_uses_the_default_platform_when_one_is_set()
    {
        const string line = """{"id":"1","timestamp":1772360100,"author":"a"}""";
        (await new JsonLinesMentionReader().ReadAllAsync(line)).Should().BeEmpty();
        (await new JsonLinesMentionReader(new MentionReaderOptions { DefaultPlatform = "reviews" }).ReadAllAsync(line))
            .Should().ContainSingle().Which.Platform.Should().Be("reviews");
    }

    [Fact]
    public void Impossible_options_are_rejected()
    {
        var act = () => new JsonLinesMentionReader(new MentionReaderOptions { MaxRecordLength = 10 });
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*MaxRecordLength must be at least 1024*");
    }

    [Fact]
    public async Task Reading_a_file_names_the_file_in_errors()
    {
        var path = Path.Combine(Path.GetTempPath(), $"crisiskit-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(path, "{\"id\":\"1\"}\n");
        try
        {
            var reader = MentionFiles.CreateReader(path);
            reader.Should().BeOfType<JsonLinesMentionReader>();
            await foreach (var unused in MentionFiles.ReadAsync(reader, path))
            {
            }

            reader.Statistics.Errors.Should().ContainSingle().Which.Source.Should().Be(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
