using System.Collections.Concurrent;
using System.Globalization;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace CrisisKit.Orleans;

/// <summary>
/// Grain storage held in this process's memory and shared by every silo of the process that is given the same
/// instance (<c>siloBuilder.AddSharedMemoryGrainStorage</c>): it stands
/// for a database in samples, benchmarks and tests that run several silos in one process, where a grain must come
/// back from storage after the silo that held it is killed. Orleans' own memory storage keeps its data in grains,
/// which die with their silo, so it cannot show that; this storage lives as long as the process, and no longer.
/// </summary>
/// <remarks>
/// States are kept as serialized bytes (each silo serializes with its own serializer, so no two silos share an
/// object) and writes are checked against the etag read, as a database would: a write from an activation that read
/// an older state fails with <see cref="InconsistentStateException"/>. Thread-safe.
/// </remarks>
public sealed class SharedMemoryGrainStorage
{
    private readonly ConcurrentDictionary<string, (byte[] Data, string ETag)> _rows = new(StringComparer.Ordinal);
    private long _writes;
    private long _bytesWritten;

    /// <summary>How many grain states are stored.</summary>
    public int Count => _rows.Count;

    /// <summary>How many writes have been accepted since the storage was made.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>How many bytes the accepted writes held, in total.</summary>
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    /// <summary>The stored states, by state name and grain id (<c>name/grainId</c>), as serialized bytes with their etags.</summary>
    internal IReadOnlyDictionary<string, (byte[] Data, string ETag)> Rows => _rows;

    /// <summary>Makes the <see cref="IGrainStorage"/> one silo uses, serializing with that silo's serializer.</summary>
    internal IGrainStorage For(Serializer serializer) => new Provider(this, serializer);

    private static string Key(string stateName, GrainId grainId) => $"{stateName}/{grainId}";

    private sealed class Provider(SharedMemoryGrainStorage storage, Serializer serializer) : IGrainStorage
    {
        private ConcurrentDictionary<string, (byte[] Data, string ETag)> Rows => storage._rows;

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            if (Rows.TryGetValue(Key(stateName, grainId), out var row))
            {
                grainState.State = serializer.Deserialize<T>(row.Data);
                grainState.ETag = row.ETag;
                grainState.RecordExists = true;
            }

            return Task.CompletedTask;
        }

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            var key = Key(stateName, grainId);
            var etag = Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);
            var data = serializer.SerializeToArray(grainState.State);
            var written = grainState.ETag is null
                ? Rows.TryAdd(key, (data, etag))
                : Rows.TryGetValue(key, out var old) && old.ETag == grainState.ETag && Rows.TryUpdate(key, (data, etag), old);
            if (!written)
            {
                throw new InconsistentStateException($"The stored state of {grainId} changed since it was read.", Rows.TryGetValue(key, out var now) ? now.ETag : "", grainState.ETag ?? "");
            }

            Interlocked.Increment(ref storage._writes);
            Interlocked.Add(ref storage._bytesWritten, data.Length);
            grainState.ETag = etag;
            grainState.RecordExists = true;
            return Task.CompletedTask;
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            var key = Key(stateName, grainId);
            if (grainState.ETag is not null && (!Rows.TryGetValue(key, out var old) || old.ETag != grainState.ETag || !Rows.TryRemove(new KeyValuePair<string, (byte[], string)>(key, old))))
            {
                throw new InconsistentStateException($"The stored state of {grainId} changed since it was read.", Rows.TryGetValue(key, out var now) ? now.ETag : "", grainState.ETag);
            }

            grainState.ETag = null;
            grainState.RecordExists = false;
            return Task.CompletedTask;
        }
    }
}
