using System.Text.Json;

namespace CrisisKit.Cli.Tests;

public class ClusterBenchCommandTests
{
    [Fact]
    public void Two_silos_with_one_killed_mid_crisis_open_the_incidents_and_send_the_notifications_one_process_does()
    {
        var (exit, output, error) = Cli.Run("bench", "--silos", "2", "--kill-silo", "--mentions", "20000", "--subjects", "16", "--json");

        exit.Should().Be(0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        root.GetProperty("silos").GetInt32().Should().Be(2);
        root.GetProperty("killedSilo").GetBoolean().Should().BeTrue();
        root.GetProperty("mentions").GetInt64().Should().Be(20000);
        root.GetProperty("mentionsPerSecond").GetDouble().Should().BePositive();
        root.GetProperty("mentionHours").GetDouble().Should().BeInRange(1, 48, "the feed spans at most the simulated two days");
        root.GetProperty("expectedIncidents").GetInt32().Should().BeGreaterThanOrEqualTo(1, "every fourth simulated subject has a data breach");
        root.GetProperty("incidents").GetInt32().Should().Be(root.GetProperty("expectedIncidents").GetInt32());
        root.GetProperty("sameIncidents").GetBoolean().Should().BeTrue("the cluster opens the very candidates one process opens");
        root.GetProperty("killedAtBatch").GetInt32().Should().BeInRange(1, root.GetProperty("batches").GetInt32());
        (root.GetProperty("subjectGrainsOnKilledSilo").GetInt32() + root.GetProperty("incidentGrainsOnKilledSilo").GetInt32()).Should().BePositive("the silo killed held grains");
        root.GetProperty("storageWrites").GetInt64().Should().BePositive();
        root.GetProperty("expectedNotifications").GetInt32().Should().BePositive("the bench protocol notifies the person on duty");
        root.GetProperty("notifications").GetInt32().Should().Be(root.GetProperty("expectedNotifications").GetInt32());
        root.GetProperty("lostNotifications").GetInt32().Should().Be(0);
        root.GetProperty("duplicateNotifications").GetInt32().Should().Be(0);
        error.Should().Contain("bench: killing silo 2 of 2");
    }

    [Fact]
    public void One_silo_without_a_kill_reports_the_same_incidents()
    {
        var (exit, output, error) = Cli.Run("bench", "--silos", "1", "--mentions", "5000", "--subjects", "4", "--json");

        exit.Should().Be(0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        root.GetProperty("killedSilo").GetBoolean().Should().BeFalse();
        root.GetProperty("killedAtBatch").GetInt32().Should().Be(0);
        root.GetProperty("incidents").GetInt32().Should().Be(root.GetProperty("expectedIncidents").GetInt32());
        root.GetProperty("sameIncidents").GetBoolean().Should().BeTrue();
        root.GetProperty("lostNotifications").GetInt32().Should().Be(0);
        root.GetProperty("duplicateNotifications").GetInt32().Should().Be(0);
    }

    [Theory]
    [InlineData("crisiskit: --silos must be between 1 and 16 (was 0).", "--silos", "0")]
    [InlineData("crisiskit: --silos must be between 1 and 16 (was -1).", "--silos", "-1")]
    [InlineData("crisiskit: --silos must be between 1 and 16 (was 17).", "--silos", "17")]
    [InlineData("crisiskit: --silos: 'abc' is not a whole number; write it with digits only, such as 2.", "--silos", "abc")]
    [InlineData("crisiskit: --kill-silo needs at least 2 silos (was --silos 1): the primary silo holds the cluster's membership and is never killed.", "--silos", "1", "--kill-silo")]
    [InlineData("crisiskit: --kill-silo needs --silos N with N of at least 2 (the primary silo is never killed).", "--kill-silo")]
    [InlineData("crisiskit: --mentions must be between 1000 and 10000000 (was 10); the mentions are generated in memory before the run, about 1 GB a million.", "--silos", "2", "--mentions", "10")]
    public void Bad_cluster_options_exit_non_zero_with_one_line(string message, params string[] args)
    {
        var (exit, output, error) = Cli.Run(["bench", .. args]);

        exit.Should().Be(2);
        output.Should().BeEmpty();
        error.Trim().Should().Be(message);
    }
}
