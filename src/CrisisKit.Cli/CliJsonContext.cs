using System.Text.Json.Serialization;

namespace CrisisKit.Cli;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SentimentReport))]
[JsonSerializable(typeof(NabReport))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
