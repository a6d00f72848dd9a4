using CrisisKit.Mentions;
using CrisisKit.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace CrisisKit.Orleans.Tests;

public sealed class MentionRouterTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly MonitoredSubject[] Subjects =
    [
        new() { Id = "acme", Name = "Acme", Keywords = ["acme"] },
        new() { Id = "globex", Name = "Globex", Keywords = ["globex"] },
    ];

    [Fact]
    public async Task A_batch_makes_one_call_per_subject_and_counts_what_it_did_not_send()
    {
        var time = new FakeTimeProvider(Start + TimeSpan.FromHours(1));
        var builder = new InProcessTestClusterBuilder(1);
        var rows = new SharedMemoryGrainStorage();
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<TimeProvider>(time);
            silo.AddSharedMemoryGrainStorage(CrisisKitOrleansOptions.StorageName, rows);
            silo.AddCrisisKit(o => Array.ForEach(Subjects, o.Subjects.Add));
        });
        builder.ConfigureClient(client =>
        {
            client.Services.AddSingleton<TimeProvider>(time);
            client.AddCrisisKitRouter(o => Array.ForEach(Subjects, o.Subjects.Add));
        });
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var router = cluster.Client.ServiceProvider.GetRequiredService<IMentionRouter>();

        var result = await router.RouteAsync(
        [
            Mention("1", "Acme support never answers", 0),
            Mention("2", "Globex and Acme both raised prices", 1),
            Mention("3", "Globex outage again", 2),
            Mention("3", "Globex outage again", 2),
            Mention("4", "Nothing to do with anyone", 3),
            Mention("5", "Acme from the future", 3 * 60),
        ]);

        result.Should().Be(new RouteResult(Matched: 3, Unmatched: 1, Duplicates: 1, Rejected: 1, GrainCalls: 2));
        var acme = await cluster.Client.GetGrain<ISubjectGrain>("acme").GetSnapshotAsync();
        var globex = await cluster.Client.GetGrain<ISubjectGrain>("globex").GetSnapshotAsync();
        rows.Count.Should().Be(2, "each subject grain wrote its state when the first watermark started its series");
        Restore(acme).GetCandidates("acme").Should().BeEmpty("a grain's snapshot restores into an in-process monitor");
        Restore(globex).GetCandidates("globex").Should().BeEmpty();
    }

    [Fact]
    public async Task A_mention_without_an_author_is_refused_with_what_a_mention_needs()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSharedMemoryGrainStorage(CrisisKitOrleansOptions.StorageName, new SharedMemoryGrainStorage());
            silo.AddCrisisKit(o => Array.ForEach(Subjects, o.Subjects.Add));
        });
        builder.ConfigureClient(client => client.AddCrisisKitRouter(o => Array.ForEach(Subjects, o.Subjects.Add)));
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var router = cluster.Client.ServiceProvider.GetRequiredService<IMentionRouter>();

        var act = () => router.RouteAsync([Mention("1", "acme", 0), Mention("2", "acme", 0) with { Author = null! }]);

        (await act.Should().ThrowAsync<ArgumentException>()).WithMessage("A mention needs an Id, a Platform, an Author with a Handle, and a Text (which may be empty).*");
        var resent = await router.RouteAsync([Mention("1", "acme", 0)]);
        resent.Matched.Should().Be(1, "a refused batch leaves nothing behind: its valid mentions are not remembered as seen");
    }

    private static ICrisisMonitor Restore(byte[] snapshot)
    {
        var monitor = new ServiceCollection().AddCrisisKit(o => Array.ForEach(Subjects, o.Subjects.Add)).Services.BuildServiceProvider().GetRequiredService<ICrisisMonitor>();
        using var stream = new MemoryStream(snapshot);
        monitor.RestoreState(stream);
        return monitor;
    }

    private static Mention Mention(string id, string text, int minutes) => new()
    {
        Id = id,
        Platform = Platforms.X,
        Author = new MentionAuthor("user" + id, 100),
        Text = text,
        Timestamp = Start + TimeSpan.FromMinutes(minutes),
    };
}
