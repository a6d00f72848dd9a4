using System.Collections.Concurrent;
using CrisisKit.Correlation;
using CrisisKit.Escalation;
using CrisisKit.Incidents;
using CrisisKit.Mentions;
using CrisisKit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CrisisKit.Hosting.Tests;

/// <summary>A generic host running the hosted pipeline on a fake clock, with logs collected.</summary>
internal sealed class TestHost : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static readonly MonitoredSubject Acme = new() { Id = "acme", Name = "Acme", Keywords = ["acme"] };

    private TestHost(IHost host, FakeTimeProvider time)
    {
        Host = host;
        Time = time;
    }

    public IHost Host { get; }

    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => Host.Services;

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    public static TestHost Create(Action<CrisisKitBuilder>? crisisKit = null, Action<HostedPipelineOptions>? pipeline = null, Action<IServiceCollection>? services = null, DateTimeOffset? now = null)
    {
        var time = new FakeTimeProvider(now ?? T0.AddHours(2));
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddFakeLogging();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSingleton<TimeProvider>(time);
        services?.Invoke(builder.Services);
        var kit = builder.Services.AddCrisisKit(o => o.Subjects.Add(Acme)).AddHostedPipeline(pipeline);
        crisisKit?.Invoke(kit);
        return new TestHost(builder.Build(), time);
    }

    public static Mention Mention(int i, DateTimeOffset at) => new()
    {
        Id = "m" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Platform = Platforms.X,
        Text = "acme support never answered, awful",
        Timestamp = at,
        Author = new MentionAuthor("user" + (i % 50).ToString(System.Globalization.CultureInfo.InvariantCulture), 100),
    };

    /// <summary>Waits (on the real clock, at most ten seconds) for work on other tasks, advancing the fake clock by <paramref name="step"/> each round when given.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan? step = null)
    {
        for (var round = 0; round < 2000; round++)
        {
            if (condition())
            {
                return;
            }

            if (step is { } by)
            {
                Time.Advance(by);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System);
        }

        condition().Should().BeTrue("the condition should hold within ten seconds");
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}

/// <summary>An escalation engine that records what the pipeline asks of it.</summary>
internal sealed class RecordingEngine(ConcurrentQueue<string> log) : IEscalationEngine, IDisposable
{
    public List<Incident> Open { get; } = [];

    public DateTimeOffset? Due { get; set; }

    public int RunDueCalls { get; private set; }

    public IReadOnlyList<Incident> OpenIncidents => Open;

    public DateTimeOffset? NextDueAt => Due;

    public Task<Incident> OpenAsync(CrisisCandidate candidate, string? subjectName = null, CancellationToken cancellationToken = default)
    {
        log.Enqueue("open " + candidate.Id);
        return Task.FromResult(Incident.FromTimeline(candidate.Id, [IncidentTimelines.Opened(candidate.SubjectId, candidate.FirstSignalAt)]));
    }

    public Task<Incident?> UpdateAsync(CrisisCandidate candidate, CancellationToken cancellationToken = default)
    {
        log.Enqueue("update " + candidate.Id);
        return Task.FromResult<Incident?>(null);
    }

    /// <summary>When set, a round waits for it, as a round waiting on a slow channel does.</summary>
    public TaskCompletionSource? Hold { get; set; }

    public async Task<int> RunDueAsync(CancellationToken cancellationToken = default)
    {
        RunDueCalls++;
        if (Hold is { } hold)
        {
            await hold.Task.WaitAsync(cancellationToken);
        }

        Due = null;
        return 0;
    }

    public Task<int> ResumeAsync(CancellationToken cancellationToken = default)
    {
        log.Enqueue("resume");
        return Task.FromResult(0);
    }

    public Task<Incident> AcknowledgeAsync(string incidentId, string personId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Incident> AddNoteAsync(string incidentId, string personId, string text, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Incident> ApproveAsync(string incidentId, string personId, string gate, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Incident> PublishStatementAsync(string incidentId, string personId, string language, string platform, string text, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Incident> ChangeStatusAsync(string incidentId, string personId, IncidentStatus status, string? reason = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IDisposable Subscribe(IObserver<IncidentChange> observer) => new Unsubscriber();

    public void Dispose() => log.Enqueue("engine disposed");

    private sealed class Unsubscriber : IDisposable
    {
        public void Dispose()
        {
        }
    }
}

/// <summary>A snapshot store in memory that records each save.</summary>
internal sealed class RecordingSnapshotStore(ConcurrentQueue<string>? log = null, Func<string>? describe = null) : ISnapshotStore
{
    public byte[]? Saved { get; private set; }

    public int Saves { get; private set; }

    public bool Fail { get; set; }

    public Task SaveAsync(ReadOnlyMemory<byte> snapshot, CancellationToken cancellationToken)
    {
        if (Fail)
        {
            throw new IOException("disk full");
        }

        Saved = snapshot.ToArray();
        Saves++;
        log?.Enqueue("checkpoint" + (describe is null ? "" : " " + describe()));
        return Task.CompletedTask;
    }

    public Task<byte[]?> LoadAsync(CancellationToken cancellationToken) => Task.FromResult(Saved);
}

/// <summary>An incident store that fails the first <paramref name="failures"/> appends, then behaves.</summary>
internal sealed class FlakyIncidentStore(int failures) : IIncidentStore
{
    private readonly InMemoryIncidentStore _inner = new();
    private int _left = failures;

    public bool Unreachable { get; set; }

    public int Left
    {
        get => Volatile.Read(ref _left);
        set => Volatile.Write(ref _left, value);
    }

    public ValueTask<long> AppendAsync(string incidentId, long expectedVersion, IReadOnlyList<IncidentEvent> events, CancellationToken cancellationToken = default) =>
        Interlocked.Decrement(ref _left) >= 0 ? throw new IOException("database is busy") : _inner.AppendAsync(incidentId, expectedVersion, events, cancellationToken);

    public ValueTask<Incident?> GetAsync(string incidentId, CancellationToken cancellationToken = default) => _inner.GetAsync(incidentId, cancellationToken);

    public ValueTask<IReadOnlyList<string>> ListAsync(bool openOnly = false, CancellationToken cancellationToken = default) =>
        Unreachable ? throw new IOException("connection refused") : _inner.ListAsync(openOnly, cancellationToken);
}
