using BenchmarkDotNet.Attributes;
using CrisisKit.Ingestion;

namespace CrisisKit.Benchmarks;

/// <summary>JSON Lines ingest from memory: one operation reads the whole file; divide its size by the time for MB/s.</summary>
[MemoryDiagnoser]
public class JsonLinesReadBenchmarks
{
    private byte[] _file = null!;

    /// <summary>Size of the file read per operation, in bytes.</summary>
    public long FileBytes => _file.Length;

    [GlobalSetup]
    public void Setup()
    {
        using var stream = new MemoryStream();
        using (var writer = new JsonLinesMentionWriter(stream, leaveOpen: true))
        {
            foreach (var mention in BenchmarkData.Mentions(50_000))
            {
                writer.Write(mention);
            }
        }

        _file = stream.ToArray();
        Console.WriteLine($"// JSON Lines file: {_file.Length:N0} bytes, 50,000 mentions");
    }

    [Benchmark]
    public async Task<long> ReadJsonLines()
    {
        var reader = new JsonLinesMentionReader();
        var count = 0L;
        await foreach (var mention in reader.ReadAsync(new MemoryStream(_file, writable: false)))
        {
            count += mention.Text.Length;
        }

        return count;
    }
}
