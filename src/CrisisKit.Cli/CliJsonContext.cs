using System.Text.Json.Serialization;

namespace CrisisKit.Cli;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SentimentReport))]
[JsonSerializable(typeof(NabReport))]
[JsonSerializable(typeof(BenchReport))]
[JsonSerializable(typeof(ClusterResult))]
[JsonSerializable(typeof(RunOutcome))]
[JsonSerializable(typeof(ProtocolValidation))]
[JsonSerializable(typeof(ReportedIncident))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
