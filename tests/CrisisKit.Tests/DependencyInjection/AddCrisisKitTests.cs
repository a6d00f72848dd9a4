using CrisisKit.Aggregation;
using CrisisKit.Correlation;
using CrisisKit.Detection;
using CrisisKit.Mentions;
using CrisisKit.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CrisisKit.Tests.DependencyInjection;

public class AddCrisisKitTests
{
    [Fact]
    public void Registers_a_working_monitor_with_the_system_clock_by_default()
    {
        var services = new ServiceCollection();
        services.AddCrisisKit(o => o.Subjects.Add(new MonitoredSubject { Id = "acme", Keywords = ["acme"] }));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<TimeProvider>().Should().BeSameAs(TimeProvider.System);
        var monitor = provider.GetRequiredService<ICrisisMonitor>();
        monitor.Should().BeSameAs(provider.GetRequiredService<ICrisisMonitor>());
        monitor.Subjects.Should().ContainSingle().Which.Id.Should().Be("acme");
    }

    [Fact]
    public void An_apps_own_registrations_win_over_the_defaults()
    {
        var time = new FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<ICrisisMonitor, CustomMonitor>();
        services.AddCrisisKit();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<TimeProvider>().Should().BeSameAs(time);
        provider.GetRequiredService<ICrisisMonitor>().Should().BeOfType<CustomMonitor>();
    }

    [Fact]
    public void Adding_the_same_processor_type_twice_registers_it_once()
    {
        var services = new ServiceCollection();
        services.AddCrisisKit().AddMentionProcessor<NoOpProcessor>().AddMentionProcessor<NoOpProcessor>();
        using var provider = services.BuildServiceProvider();
        provider.GetServices<IMentionProcessor>().Should().ContainSingle();
    }

    [Fact]
    public async Task Invalid_options_fail_host_start_with_messages_naming_each_option()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddCrisisKit(o =>
        {
            o.LateMentionTolerance = TimeSpan.FromMinutes(-1);
            o.TopAuthorsTracked = 0;
            o.DuplicateTrackingCapacity = -1;
            o.Subjects.Add(new MonitoredSubject { Id = "acme", Keywords = ["acme"] });
            o.Subjects.Add(new MonitoredSubject { Id = "acme", Hashtags = ["#"] });
        });
        using var host = builder.Build();

        var start = async () => await host.StartAsync();

        var failure = (await start.Should().ThrowAsync<OptionsValidationException>()).Which;
        failure.Failures.Should().BeEquivalentTo(
            "CrisisKitOptions.LateMentionTolerance must be between 00:00:00 and 7.00:00:00 (was -00:01:00).",
            "CrisisKitOptions.DuplicateTrackingCapacity must be between 0 and 50000000 (was -1).",
            "CrisisKitOptions.TopAuthorsTracked must be between 1 and 10000 (was 0).",
            "CrisisKitOptions.Subjects[1]: subject 'acme': Hashtags entry '#' contains no letter or digit.",
            "CrisisKitOptions.Subjects[1]: the id 'acme' is used by another subject; ids must be unique.");
    }

    [Fact]
    public void Without_a_host_the_startup_validator_checks_the_options()
    {
        var services = new ServiceCollection();
        services.AddCrisisKit(o => o.DuplicateWindow = TimeSpan.FromDays(90));
        using var provider = services.BuildServiceProvider();

        var validate = () => provider.GetRequiredService<IStartupValidator>().Validate();
        validate.Should().Throw<OptionsValidationException>().WithMessage("*DuplicateWindow must be between 00:00:00 and 30.00:00:00*");
    }

    private sealed class NoOpProcessor : IMentionProcessor
    {
        public void Process(in MentionContext context)
        {
        }
    }

    private sealed class CustomMonitor : ICrisisMonitor
    {
        public IReadOnlyList<MonitoredSubject> Subjects => [];

        public MonitorStatistics Statistics => new(0, 0, 0, 0, 0, null);

        public void AddOrUpdateSubject(MonitoredSubject subject)
        {
        }

        public SubjectActivity? GetActivity(string subjectId) => null;

        public IngestResult Ingest(Mention mention) => default;

        public ValueTask<MonitorStatistics> IngestAsync(IAsyncEnumerable<Mention> mentions, CancellationToken cancellationToken = default) => ValueTask.FromResult(Statistics);

        public bool RemoveSubject(string subjectId) => false;

        public IDisposable Subscribe(IObserver<MonitorEvent> observer) => throw new NotSupportedException();

        public void AdvanceTo(DateTimeOffset now)
        {
        }

        public IReadOnlyList<MentionBucket> GetBuckets(string subjectId) => [];

        public IReadOnlyList<CrisisCandidate> GetCandidates(string subjectId) => [];

        public void SaveState(Stream destination)
        {
        }

        public void RestoreState(Stream source)
        {
        }
    }
}
