using System.Text;
using CrisisKit.Ingestion;
using CrisisKit.Mentions;

namespace CrisisKit.Tests.Ingestion;

internal static class ReaderTestExtensions
{
    public static async Task<List<Mention>> ReadAllAsync(this MentionReader reader, string content, string sourceName = "input")
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        var mentions = new List<Mention>();
        await foreach (var mention in reader.ReadAsync(stream, sourceName))
        {
            mentions.Add(mention);
        }

        return mentions;
    }

    /// <summary>Each mention's id with the line the reader says it starts on (<see cref="MentionReadStatistics.LastMentionLine"/>, read as it arrives).</summary>
    public static async Task<List<(string Id, long Line)>> ReadLinesAsync(this MentionReader reader, string content)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        var lines = new List<(string, long)>();
        await foreach (var mention in reader.ReadAsync(stream, "input"))
        {
            lines.Add((mention.Id, reader.Statistics.LastMentionLine));
        }

        return lines;
    }
}
