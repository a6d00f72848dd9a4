using CrisisKit.Ingestion;
using CrisisKit.Mentions;

namespace CrisisKit.Tests.Ingestion;

public class JsonLinesMentionWriterTests
{
    [Fact]
    public async Task Written_mentions_read_back_equal()
    {
        var mentions = new[]
        {
            TestMentions.Create("Η \"Acme\" δεν απαντά 😡\nκαθόλου", id: "a1", language: "el", followers: 12_345) with
            {
                Engagement = new MentionEngagement(1, 2, 3, 4),
                InReplyToId = "a0",
                QuotedId = "q9",
                Url = "https://x.example/a1",
                Author = new MentionAuthor("nikos", 12_345, true) { DisplayName = "Νίκος" },
            },
            TestMentions.Create("", id: "a2", platform: Platforms.TikTok),
        };

        using var stream = new MemoryStream();
        await using (var writer = new JsonLinesMentionWriter(stream, leaveOpen: true))
        {
            foreach (var mention in mentions)
            {
                writer.Write(mention);
            }

            writer.Count.Should().Be(2);
        }

        stream.Position = 0;
        var read = new List<Mention>();
        await foreach (var mention in new JsonLinesMentionReader().ReadAsync(stream))
        {
            read.Add(mention);
        }

        read.Should().Equal(mentions);
    }
}
