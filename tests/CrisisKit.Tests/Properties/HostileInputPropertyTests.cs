using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrisisKit.Ingestion;
using CrisisKit.Mentions;
using CrisisKit.Monitoring;
using CrisisKit.Protocols;
using CrisisKit.Tests.Ingestion;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CrisisKit.Tests.Properties;

/// <summary>
/// Random files, structured and not, through the readers and loaders (docs/reliability.md): nothing is thrown but the
/// documented exceptions, and every line is accounted for (mentions returned + malformed records + blank lines).
/// </summary>
public class HostileInputPropertyTests
{
    private const long Iterations = 400;
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    private static MentionReaderOptions Options() => new() { TimeProvider = new FakeTimeProvider(Now), MaxRecordLength = 1024 };

    private static Gen<string> Text(string chars, int max) => Gen.Char[chars].Array[0, max].Select(a => new string(a));

    private const string Letters = "abcxyz acmeΑΒΓ😡";

    /// <summary>Timestamps of every kind: good, far past and future, not ISO, numbers of any size.</summary>
    private static readonly Gen<string> Timestamp = Gen.OneOf(
        Gen.Int[0, 86_400].Select(s => "\"" + Now.AddSeconds(-s).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) + "\""),
        Gen.Const("\"0001-01-01T00:00:00Z\""), Gen.Const("\"9999-12-31T23:59:59Z\""), Gen.Const("\"03/02/2026 10:00\""),
        Gen.Long.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Const("1e308"), Gen.Const("-1"), Gen.Const("null"), Gen.Const("[]"), Gen.Const("{}"), Gen.Const("\"\""));

    /// <summary>A JSON value of any shape, a few levels deep.</summary>
    private static Gen<string> JsonValue(int depth) => depth == 0
        ? Gen.OneOf(Gen.Const("null"), Gen.Const("true"), Gen.Const("-0.5e3"), Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), Text(Letters, 8).Select(s => JsonSerializer.Serialize(s)))
        : Gen.Frequency(
            (3, JsonValue(0)),
            (1, JsonValue(depth - 1).Array[0, 3].Select(items => "[" + string.Join(",", items) + "]")),
            (1, Gen.Select(Gen.OneOf(Gen.Const("id"), Gen.Const("name"), Text("abkx", 3)), JsonValue(depth - 1)).Array[0, 3]
                .Select(props => "{" + string.Join(",", props.Select(p => JsonSerializer.Serialize(p.Item1) + ":" + p.Item2)) + "}")));

    /// <summary>One JSON Lines line: a plausible record with random values, a record with a repeated property, random JSON, garbage, or blank.</summary>
    private static readonly Gen<string> JsonLine = Gen.Frequency(
        (4, Gen.Select(Gen.OneOf(Gen.Int[0, 9].Select(i => $"\"{i}\""), JsonValue(1)), Gen.OneOf(Gen.Const("\"x\""), JsonValue(0)), Timestamp, Gen.OneOf(Text(Letters, 20).Select(s => JsonSerializer.Serialize(s)), JsonValue(1)), Gen.OneOf(Gen.Const("\"a\""), Gen.Const("{\"handle\":\"a\",\"followers\":-1}"), JsonValue(1)))
            .Select((id, platform, time, text, author) => $"{{\"id\":{id},\"platform\":{platform},\"timestamp\":{time},\"text\":{text},\"author\":{author}}}")),
        (1, Gen.Const("{\"id\":\"1\",\"id\":\"2\",\"platform\":\"x\",\"timestamp\":1772445600,\"author\":\"a\"}")),
        (1, JsonValue(3)),
        (1, Text("{}[]\",:abc01 \t\\\r", 30)),
        (1, Gen.OneOf(Gen.Const(""), Gen.Const("  "), Gen.Const("\t"))));

    [Fact]
    public async Task Json_lines_reader_throws_nothing_and_accounts_for_every_line()
    {
        await JsonLine.Array[0, 30].SampleAsync(async lines =>
        {
            var reader = new JsonLinesMentionReader(Options());
            var errors = 0;
            reader.Options.OnError = _ => errors++;

            var mentions = await reader.ReadAllAsync(string.Concat(lines.Select(l => l + "\n")));

            var s = reader.Statistics;
            (s.Mentions + s.Malformed + s.BlankLines).Should().Be(lines.Length, "every line is a mention, a reported record or a blank line");
            mentions.Should().HaveCount((int)s.Mentions);
            errors.Should().Be((int)s.Malformed);
            mentions.All(m => m.Timestamp >= reader.Options.EarliestTimestamp && m.Timestamp <= Now.AddMinutes(15)).Should().BeTrue("no mention outside the time bounds is returned");
        }, iter: Iterations, threads: 1);
    }

    /// <summary>A CSV field: plain, quoted (commas and doubled quotes inside, never empty), or an opening quote never closed.</summary>
    private static readonly Gen<string> CsvField = Gen.Frequency(
        (6, Text("abc019 :-T", 8)),
        (2, Text("ab,c\"", 6).Select(s => "\"x" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")),
        (1, Text("abc ,", 6).Select(s => "\"" + s)));

    /// <summary>One CSV line: a record with the header's five columns and good or random values, the wrong number of fields, or blank.</summary>
    private static readonly Gen<string> CsvLine = Gen.Frequency(
        (5, Gen.Select(Gen.OneOf(Gen.Int[0, 9].Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), CsvField), Gen.OneOf(Gen.Const("x"), CsvField), Gen.OneOf(Timestamp.Select(t => t.Trim('"')), CsvField), Gen.OneOf(Gen.Const("a"), CsvField), CsvField)
            .Select((id, platform, time, author, text) => string.Join(",", id, platform, time.Replace(",", "", StringComparison.Ordinal).Replace("\"", "", StringComparison.Ordinal), author, text))),
        (2, CsvField.Array[1, 8].Select(fields => string.Join(",", fields))),
        (1, Gen.Const("")));

    [Fact]
    public async Task Csv_reader_throws_nothing_and_accounts_for_every_line()
    {
        await CsvLine.Array[0, 30].SampleAsync(async lines =>
        {
            var reader = new CsvMentionReader(Options());

            var mentions = await reader.ReadAllAsync("id,platform,timestamp,author,text\n" + string.Concat(lines.Select(l => l + "\n")));

            var s = reader.Statistics;
            // A quoted text may hold line breaks (RFC 4180): those lines belong to the mention that holds them.
            var continued = mentions.Sum(m => m.Text.Count(c => c == '\n'));
            (s.Mentions + s.Malformed + s.BlankLines + continued).Should().Be(lines.Length, "every line after the header is in a mention, a reported record or a blank line");
            mentions.Should().HaveCount((int)s.Mentions);
        }, iter: Iterations, threads: 1);
    }

    [Fact]
    public async Task Any_bytes_at_all_give_mentions_or_reports_never_an_exception()
    {
        await Gen.Byte.Array[0, 300].SampleAsync(async bytes =>
        {
            foreach (var reader in new MentionReader[] { new JsonLinesMentionReader(Options()), new CsvMentionReader(Options(), new CsvColumnMapping()) })
            {
                using var stream = new MemoryStream(bytes);
                try
                {
                    await foreach (var mention in reader.ReadAsync(stream))
                    {
                        mention.Id.Should().NotBeNullOrWhiteSpace();
                    }
                }
                catch (InvalidDataException ex) when (reader is CsvMentionReader)
                {
                    ex.Message.Should().ContainAny(["the CSV header lacks the required column(s)", "the CSV header names the same column more than once"], "the documented exceptions: a header without the required columns, or with one of them twice");
                }
            }
        }, iter: Iterations, threads: 1);
    }

    /// <summary>A valid protocol with one value somewhere replaced by a random JSON value.</summary>
    private static readonly Gen<string> MutatedProtocol = Gen.Select(Gen.Int[0, 10_000], JsonValue(2)).Select((at, replacement) =>
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.SampleProtocols, "data-breach.json")), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        var places = new List<(JsonNode Parent, object Key)>();
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (key, value) in o.ToList())
                    {
                        places.Add((o, key));
                        Walk(value);
                    }

                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        places.Add((a, i));
                        Walk(a[i]);
                    }

                    break;
            }
        }

        Walk(root);
        var (parent, key) = places[at % places.Count];
        var value = JsonNode.Parse(replacement);
        if (parent is JsonObject obj)
        {
            obj[(string)key] = value;
        }
        else
        {
            ((JsonArray)parent)[(int)key] = value;
        }

        return root.ToJsonString();
    });

    [Fact]
    public void Protocol_loader_reports_problems_with_a_path_or_loads_never_anything_else()
    {
        Gen.OneOf(MutatedProtocol, JsonValue(4), Text("{}[]\",:abc01 nul", 40)).Sample(json =>
        {
            try
            {
                ProtocolLoader.LoadAll([ProtocolSource.FromJson("p.json", json)], ["console", "webhook"]).Should().ContainSingle();
            }
            catch (ProtocolLoadException ex)
            {
                ex.Errors.Should().NotBeEmpty().And.OnlyContain(e => e.File == "p.json" && e.Path.StartsWith('$') && e.Message.Length > 0 && !e.Message.Contains("System.") && !e.Message.Contains("CrisisKit."));
            }
        }, iter: Iterations, threads: 1);
    }

    [Fact]
    public void Subject_loader_reports_problems_with_a_path_or_loads_never_anything_else()
    {
        var entry = Gen.Select(Gen.OneOf(Gen.Const("\"acme\""), JsonValue(1)), Gen.OneOf(Gen.Const("[\"acme\"]"), JsonValue(1)), Gen.OneOf(Gen.Const("\"Brand\""), JsonValue(0)))
            .Select((id, keywords, kind) => $"{{\"id\":{id},\"keywords\":{keywords},\"kind\":{kind}}}");
        Gen.OneOf(entry.Array[0, 4].Select(e => "[" + string.Join(",", e) + "]"), JsonValue(3)).Sample(json =>
        {
            try
            {
                using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
                SubjectLoader.Load(stream, "s.json").Should().NotBeEmpty().And.OnlyContain(s => s.Validate().Count == 0);
            }
            catch (SubjectLoadException ex)
            {
                ex.Errors.Should().NotBeEmpty().And.OnlyContain(e => e.File == "s.json" && e.Path.StartsWith('$') && !e.Message.Contains("System."));
            }
        }, iter: Iterations, threads: 1);
    }

    [Fact]
    public void The_monitor_takes_any_timestamp_without_throwing_and_never_moves_its_watermark_past_the_skew()
    {
        Gen.Long[DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks].Array[1, 20].Sample(ticks =>
        {
            var services = new ServiceCollection();
            services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
            services.AddCrisisKit(o => o.Subjects.Add(new MonitoredSubject { Id = "acme", Keywords = ["acme"] }));
            var monitor = services.BuildServiceProvider().GetRequiredService<ICrisisMonitor>();

            for (var i = 0; i < ticks.Length; i++)
            {
                monitor.Ingest(TestMentions.Create("acme", id: i.ToString(System.Globalization.CultureInfo.InvariantCulture), at: new DateTimeOffset(ticks[i], TimeSpan.Zero)));
            }

            var statistics = monitor.Statistics;
            (statistics.Matched + statistics.Rejected + statistics.Duplicates).Should().Be(ticks.Length);
            if (statistics.Watermark is { } watermark)
            {
                watermark.Should().BeOnOrBefore(Now.AddMinutes(15)).And.BeOnOrAfter(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero));
            }
        }, iter: Iterations, threads: 1);
    }
}
