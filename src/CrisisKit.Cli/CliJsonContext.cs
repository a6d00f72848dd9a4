using System.Text.Json.Serialization;

namespace CrisisKit.Cli;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SentimentReport))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
