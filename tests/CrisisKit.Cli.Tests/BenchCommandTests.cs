using System.Text.Json;

namespace CrisisKit.Cli.Tests;

public class BenchCommandTests
{
    [Fact]
    public void Reports_the_capacity_figures_as_json()
    {
        var (exit, output, error) = Cli.Run("bench", "--mentions", "5000", "--subjects", "4", "--json");

        exit.Should().Be(0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        root.GetProperty("mentionsPerSecondPerCore").GetDouble().Should().BePositive();
        root.GetProperty("mentionsPerSecondAllCores").GetDouble().Should().BePositive();
        root.GetProperty("mentionsPerSecondSeparateMonitors").GetDouble().Should().BePositive();
        root.GetProperty("allocatedBytesPerMention").GetDouble().Should().BeGreaterThanOrEqualTo(0);
        root.GetProperty("peakMemoryBytes").GetInt64().Should().BePositive();
        root.GetProperty("mentions").GetInt64().Should().Be(5000);
        root.GetProperty("incidents").GetInt32().Should().BeGreaterThanOrEqualTo(1, "every fourth simulated subject has a data breach");
        error.Should().Contain("bench: one core").And.Contain("a monitor each");
    }

    [Theory]
    [InlineData("--mentions", "2147483647", "crisiskit: --mentions must be between 1000 and 10000000 (was 2147483647); the mentions are generated in memory before the run, about 1 GB a million.")]
    [InlineData("--mentions", "10", "crisiskit: --mentions must be between 1000 and 10000000 (was 10); the mentions are generated in memory before the run, about 1 GB a million.")]
    [InlineData("--subjects", "0", "crisiskit: --subjects must be between 1 and 10000 (was 0).")]
    public void Bad_input_exits_non_zero_with_one_line(string option, string value, string message)
    {
        var (exit, _, error) = Cli.Run("bench", option, value);

        exit.Should().Be(2);
        error.Trim().Should().Be(message);
    }
}
