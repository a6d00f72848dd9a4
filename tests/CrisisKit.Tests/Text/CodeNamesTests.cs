using System.Text.Json;
using CrisisKit.Evaluation;
using CrisisKit.Statements;
using CrisisKit.Text;

namespace CrisisKit.Tests.Text;

public class CodeNamesTests
{
    [Fact]
    public void Every_code_reads_the_same_in_messages_as_in_json()
    {
        Check<FindingCode>();
        Check<OnsetSource>();
        Check<Trend>();
        Check<ComparisonMetric>();
        Check<StatementRule>();
        OnsetSource.GroundTruth.ToId().Should().Be("ground-truth");
    }

    private static void Check<T>()
        where T : struct, Enum
    {
        foreach (var code in Enum.GetValues<T>())
        {
            JsonSerializer.Serialize(code).Should().Be($"\"{code.ToId()}\"", $"{typeof(T).Name}.{code} is written the same way everywhere");
        }
    }
}
