using System.Text.Json.Serialization;

namespace CrisisKit.Cli;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SentimentReport))]
[JsonSerializable(typeof(NabReport))]
[JsonSerializable(typeof(BenchReport))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
