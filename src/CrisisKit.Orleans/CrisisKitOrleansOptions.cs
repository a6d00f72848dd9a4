namespace CrisisKit.Orleans;

/// <summary>
/// How CrisisKit runs on an Orleans cluster: how mentions are batched to subject grains and how often a subject
/// grain writes its detection state to grain storage. Validated when the silo or client starts.
/// </summary>
public sealed class CrisisKitOrleansOptions
{
    /// <summary>
    /// The name of the grain storage provider that holds each subject grain's state: register one under this name
    /// (for example <c>siloBuilder.AddAdoNetGrainStorage("CrisisKit", ...)</c>, or any <c>IGrainStorage</c>).
    /// </summary>
    public const string StorageName = "CrisisKit";

    /// <summary>The largest <see cref="MaxUnpersistedBatches"/> accepted.</summary>
    public const int MaxMaxUnpersistedBatches = 1024;

    /// <summary>The largest <see cref="MaxSendAttempts"/> accepted.</summary>
    public const int MaxMaxSendAttempts = 100;

    /// <summary>
    /// How many batches a subject grain may apply without writing its state. A grain writes its state after every
    /// batch that closed a bucket, after this many batches without one, and when it is deactivated. The router keeps
    /// the batches a grain has applied but not yet written, and sends them again if the grain comes back from an
    /// older state (its silo died), so this also bounds the router's memory per subject. Default 16; from 1
    /// (a write per batch) to <see cref="MaxMaxUnpersistedBatches"/>.
    /// </summary>
    public int MaxUnpersistedBatches { get; set; } = 16;

    /// <summary>
    /// How many times the router sends a batch to a subject grain before giving up with the last error (a silo that
    /// died fails the calls to the grains it held until the cluster has noticed). Default 10; from 1 to
    /// <see cref="MaxMaxSendAttempts"/>.
    /// </summary>
    public int MaxSendAttempts { get; set; } = 10;

    /// <summary>
    /// How long the router waits, on its <see cref="TimeProvider"/>, before sending a failed batch again; doubled
    /// after each failure. Default 200 milliseconds; from zero to one minute.
    /// </summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);
}
