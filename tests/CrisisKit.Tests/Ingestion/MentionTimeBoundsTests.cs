using CrisisKit.Ingestion;
using Microsoft.Extensions.Time.Testing;

namespace CrisisKit.Tests.Ingestion;

/// <summary>Timestamps both readers refuse: implausible dates, and text that is neither ISO 8601 nor Unix time.</summary>
public class MentionTimeBoundsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    private static MentionReaderOptions Options() => new() { TimeProvider = new FakeTimeProvider(Now) };

    private static string Line(string timestamp) => $$"""{"id":"1","platform":"x","timestamp":{{timestamp}},"author":"a"}""";

    [Theory]
    [InlineData("\"0001-01-01T00:00:00Z\"", "'timestamp' 0001-01-01T00:00:00Z is before the earliest accepted time 2000-01-01T00:00:00Z (MentionReaderOptions.EarliestTimestamp)")]
    [InlineData("0", "'timestamp' 1970-01-01T00:00:00Z is before the earliest accepted time 2000-01-01T00:00:00Z (MentionReaderOptions.EarliestTimestamp)")]
    [InlineData("\"9999-12-31T23:59:59Z\"", "'timestamp' 9999-12-31T23:59:59Z is more than 15m ahead of the current time 2026-03-02T12:00:00Z (MentionReaderOptions.MaxFutureSkew)")]
    [InlineData("\"2031-03-02T12:00:00Z\"", "'timestamp' 2031-03-02T12:00:00Z is more than 15m ahead of the current time 2026-03-02T12:00:00Z (MentionReaderOptions.MaxFutureSkew)")]
    [InlineData("\"2026-03-02T12:15:01Z\"", "'timestamp' 2026-03-02T12:15:01Z is more than 15m ahead of the current time 2026-03-02T12:00:00Z (MentionReaderOptions.MaxFutureSkew)")]
    [InlineData("\"03/02/2026 10:00\"", "'timestamp' value '03/02/2026 10:00' is not an ISO 8601 date-time or Unix time")]
    [InlineData("\"2 March 2026\"", "'timestamp' value '2 March 2026' is not an ISO 8601 date-time or Unix time")]
    public async Task Json_lines_out_of_bounds_or_not_iso_are_malformed_with_the_reason(string timestamp, string reason)
    {
        var reader = new JsonLinesMentionReader(Options());

        (await reader.ReadAllAsync(Line(timestamp))).Should().BeEmpty();

        reader.Statistics.Malformed.Should().Be(1);
        reader.Statistics.Errors.Should().ContainSingle().Which.Reason.Should().Be(reason);
    }

    [Theory]
    [InlineData("03/02/2026 10:00", "'timestamp' value '03/02/2026 10:00' is not an ISO 8601 date-time or Unix time")]
    [InlineData("Mon, 02 Mar 2026 10:00:00 GMT", "'timestamp' value 'Mon, 02 Mar 2026 10:00:00 GMT' is not an ISO 8601 date-time or Unix time")]
    [InlineData("1999-12-31T23:59:59Z", "'timestamp' 1999-12-31T23:59:59Z is before the earliest accepted time 2000-01-01T00:00:00Z (MentionReaderOptions.EarliestTimestamp)")]
    [InlineData("9999-12-31T23:59:59Z", "'timestamp' 9999-12-31T23:59:59Z is more than 15m ahead of the current time 2026-03-02T12:00:00Z (MentionReaderOptions.MaxFutureSkew)")]
    public async Task Csv_out_of_bounds_or_not_iso_is_malformed_with_the_reason(string timestamp, string reason)
    {
        var reader = new CsvMentionReader(Options());

        (await reader.ReadAllAsync($"id,platform,timestamp,author\n1,x,\"{timestamp}\",a\n")).Should().BeEmpty();

        reader.Statistics.Errors.Should().ContainSingle().Which.Reason.Should().Be(reason);
    }

    [Theory]
    [InlineData("2026-03-02T10:00:00Z")]
    [InlineData("2026-03-02T10:00:00.000Z")]
    [InlineData("2026-03-02T12:00:00+02:00")]
    [InlineData("2026-03-02T12:00:00+0200")]
    [InlineData("2026-03-02T10:00")]
    [InlineData("2026-03-02 10:00:00")]
    [InlineData("2026-03-02 10:00")]
    [InlineData("1772445600")]
    [InlineData("1772445600000")]
    public async Task Csv_reads_iso_8601_and_unix_time(string timestamp)
    {
        var mentions = await new CsvMentionReader(Options()).ReadAllAsync($"id,platform,timestamp,author\n1,x,{timestamp},a\n");

        mentions.Should().ContainSingle().Which.Timestamp.Should().Be(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task A_skew_within_the_allowance_is_accepted_and_the_bounds_are_options()
    {
        (await new JsonLinesMentionReader(Options()).ReadAllAsync(Line("\"2026-03-02T12:15:00Z\""))).Should().ContainSingle();

        var wide = Options();
        wide.MaxFutureSkew = TimeSpan.FromDays(1);
        wide.EarliestTimestamp = DateTimeOffset.UnixEpoch;
        (await new JsonLinesMentionReader(wide).ReadAllAsync(Line("\"2026-03-03T11:00:00Z\""))).Should().ContainSingle();
        (await new JsonLinesMentionReader(wide).ReadAllAsync(Line("0"))).Should().ContainSingle();
    }

    [Fact]
    public void Bounds_out_of_range_are_refused_when_the_reader_is_created()
    {
        var act = () => new JsonLinesMentionReader(new MentionReaderOptions { MaxFutureSkew = TimeSpan.FromDays(2) });
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("MentionReaderOptions.MaxFutureSkew must be between 00:00:00 and 1.00:00:00.*");

        var early = () => new CsvMentionReader(new MentionReaderOptions { EarliestTimestamp = DateTimeOffset.MinValue });
        early.Should().Throw<ArgumentOutOfRangeException>().WithMessage("MentionReaderOptions.EarliestTimestamp must be 1970-01-01T00:00:00Z or later.*");
    }

    [Theory]
    [InlineData("""{"id":"1","id":"2","platform":"x","timestamp":1772445600,"author":"a"}""", "'id' appears twice in the record")]
    [InlineData("""{"id":"1","platform":"x","timestamp":1772445600,"timestamp":1772445601,"author":"a"}""", "'timestamp' appears twice in the record")]
    [InlineData("""{"id":"1","platform":"x","timestamp":1772445600,"author":{"handle":"a","handle":"b"}}""", "'author.handle' appears twice in the record")]
    [InlineData("""{"id":"1","platform":"x","timestamp":1772445600,"author":"a","engagement":{"likes":1,"likes":2}}""", "'engagement.likes' appears twice in the record")]
    public async Task A_property_given_twice_is_malformed_not_last_wins(string line, string reason)
    {
        var reader = new JsonLinesMentionReader(Options());

        (await reader.ReadAllAsync(line)).Should().BeEmpty();

        reader.Statistics.Errors.Should().ContainSingle().Which.Reason.Should().Be(reason);
    }

    [Fact]
    public async Task Unknown_properties_may_repeat()
    {
        var line = """{"id":"1","x":1,"x":2,"platform":"x","timestamp":1772445600,"author":"a"}""";
        (await new JsonLinesMentionReader(Options()).ReadAllAsync(line)).Should().ContainSingle();
    }
}
