using System.Diagnostics.CodeAnalysis;
using CrisisKit.Evaluation;
using CrisisKit.Hosting;
using CrisisKit.Ingestion;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Runs CrisisKit as hosted services: mention sources, the clock, the bridge to the escalation engine and checkpoints.</summary>
public static class HostedPipelineCrisisKitBuilderExtensions
{
    /// <summary>
    /// Registers the hosted pipeline. When the host starts it restores the detection checkpoint (when a snapshot store is
    /// registered: <see cref="AddSnapshotFile"/> or <see cref="UseSnapshotStore{TStore}"/>), resumes the escalation
    /// engine, connects the monitor's crisis candidates to the engine through a bounded queue with retries, moves the
    /// monitor's clock on the <see cref="TimeProvider"/> every <see cref="HostedPipelineOptions.ClockInterval"/>, saves a
    /// checkpoint every <see cref="HostedPipelineOptions.CheckpointInterval"/>, and reads every registered
    /// <see cref="IMentionSource"/> into the monitor. When it stops: the sources stop, the mentions they yielded are
    /// ingested, the queue to the engine is drained, the engine is disposed, and a last checkpoint is saved.
    /// Options are validated when the host starts.
    /// </summary>
    /// <param name="builder">The CrisisKit builder.</param>
    /// <param name="configure">Sets <see cref="HostedPipelineOptions"/>; optional.</param>
    /// <returns>The builder.</returns>
    public static CrisisKitBuilder AddHostedPipeline(this CrisisKitBuilder builder, Action<HostedPipelineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<HostedPipelineOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HostedPipelineOptions>, HostedPipelineOptionsValidator>());
        builder.Services.TryAddSingleton<PipelineStatus>();
        builder.AddPostIncidentReports();
        builder.Services.TryAddSingleton<CrisisKitPipelineService>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CrisisKitPipelineService>(sp => sp.GetRequiredService<CrisisKitPipelineService>()));
        return builder;
    }

    /// <summary>
    /// Registers the post-incident stage (<see cref="PostIncidentReporter"/>): the hosted pipeline runs it for every
    /// incident that is resolved or dismissed; without a host, resolve it and call
    /// <see cref="PostIncidentReporter.ReportAsync"/>. <see cref="AddHostedPipeline"/> registers it too.
    /// </summary>
    /// <param name="builder">The CrisisKit builder.</param>
    /// <returns>The builder.</returns>
    public static CrisisKitBuilder AddPostIncidentReports(this CrisisKitBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<PostIncidentReporter>();
        return builder;
    }

    /// <summary>Adds a sink every post-incident report is handed to.</summary>
    /// <param name="builder">The CrisisKit builder.</param>
    /// <param name="sink">The sink.</param>
    /// <returns>The builder.</returns>
    public static CrisisKitBuilder AddIncidentReportSink(this CrisisKitBuilder builder, IIncidentReportSink sink)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(sink);
        builder.AddPostIncidentReports();
        builder.Services.AddSingleton(sink);
        return builder;
    }

    /// <summary>Adds a sink of type <typeparamref name="TSink"/>, a singleton built by the container, that every post-incident report is handed to.</summary>
    /// <typeparam name="TSink">The sink's type.</typeparam>
    /// <param name="builder">The CrisisKit builder.</param>
    /// <returns>The builder.</returns>
    public static CrisisKitBuilder AddIncidentReportSink<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSink>(this CrisisKitBuilder builder)
        where TSink : class, IIncidentReportSink
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddPostIncidentReports();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IIncidentReportSink, TSink>());
        return builder;
    }

    /// <summary>Adds a mention source instance to the hosted pipeline.</summary>
    /// <param name="builder">The CrisisKit builder.</param>
    /// <param name="source">The source.</param>
    /// <returns>The builder.</returns>
    public static CrisisKitBuilder AddMentionSource(this CrisisKitBuilder builder, IMentionSource source)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(source);
        builder.Services.AddSingleton(source);
        return builder;
    }

    /// <summary>Adds a mention source of type <typeparamref name="TSource"/>, a singleton built by the container.</summary>
    /// <typeparam name="TSource">The source's type.</typeparam>
    /// <param name="builder">The CrisisKit builder.</param>
    /// <returns>The builder.</returns>
    public static CrisisKitBuilder AddMentionSource<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSource>(this CrisisKitBuilder builder)
        where TSource : class, IMentionSource
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<TSource>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IMentionSource, TSource>(sp => sp.GetRequiredService<TSource>()));
        return builder;
    }

    /// <summary>
    /// Adds a mentions file (<c>.jsonl</c>, <c>.csv</c>, ...; see <see cref="MentionFiles"/>) as a source: read once,
    /// malformed records logged and counted. Reader options default to those of <see cref="MentionReaderOptions"/>.
    /// </summary>
    /// <param name="builder">The CrisisKit builder.</param>
    /// <param name="path">The file's path.</param>
    /// <param name="options">Reader options; optional.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The file's extension is not one of <see cref="MentionFiles.Extensions"/>.</exception>
    public static CrisisKitBuilder AddMentionFile(this CrisisKitBuilder builder, string path, MentionReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _ = MentionFiles.CreateReader(path, options);
        builder.Services.AddSingleton<IMentionSource>(sp => new FileMentionSource(path, options, sp.GetService<ILogger<FileMentionSource>>()));
        return builder;
    }

    /// <summary>
    /// Adds an in-memory queue the app writes mentions into: resolve <see cref="ChannelMentionSource"/> and write to its
    /// <see cref="ChannelMentionSource.Writer"/>.
    /// </summary>
    /// <param name="builder">The CrisisKit builder.</param>
    /// <param name="capacity">How many mentions may wait; <see langword="null"/> for no bound.</param>
    /// <returns>The builder.</returns>
    public static CrisisKitBuilder AddMentionChannel(this CrisisKitBuilder builder, int? capacity = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(_ => new ChannelMentionSource(capacity));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IMentionSource, ChannelMentionSource>(sp => sp.GetRequiredService<ChannelMentionSource>()));
        return builder;
    }

    /// <summary>Keeps the detection checkpoint in a file (<see cref="FileSnapshotStore"/>).</summary>
    /// <param name="builder">The CrisisKit builder.</param>
    /// <param name="path">The snapshot file's path.</param>
    /// <returns>The builder.</returns>
    public static CrisisKitBuilder AddSnapshotFile(this CrisisKitBuilder builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        builder.Services.RemoveAll<ISnapshotStore>();
        builder.Services.AddSingleton<ISnapshotStore>(new FileSnapshotStore(path));
        return builder;
    }

    /// <summary>Keeps the detection checkpoint in a store of type <typeparamref name="TStore"/>, a singleton built by the container.</summary>
    /// <typeparam name="TStore">The store's type.</typeparam>
    /// <param name="builder">The CrisisKit builder.</param>
    /// <returns>The builder.</returns>
    public static CrisisKitBuilder UseSnapshotStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>(this CrisisKitBuilder builder)
        where TStore : class, ISnapshotStore
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<ISnapshotStore>();
        builder.Services.AddSingleton<ISnapshotStore, TStore>();
        return builder;
    }
}
