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
}
