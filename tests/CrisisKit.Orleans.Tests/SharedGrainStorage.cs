using System.Collections.Concurrent;
using System.Globalization;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace CrisisKit.Orleans.Tests;

/// <summary>
/// Grain storage for tests that outlives any one silo: every silo of an in-process test cluster is given the same
/// dictionary, which stands for a database. (Orleans' memory grain storage keeps its data in grains, which die with
/// the silo that holds them, so it cannot show a grain coming back from storage after a silo is killed.) States are
/// kept as serialized bytes, so no silo shares an object with another; etags are checked as a database would.
/// </summary>
internal sealed class SharedGrainStorage(ConcurrentDictionary<string, (byte[] Data, string ETag)> rows, Serializer serializer) : IGrainStorage
{
    public static ConcurrentDictionary<string, (byte[] Data, string ETag)> NewRows() => new(StringComparer.Ordinal);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (rows.TryGetValue(Key(stateName, grainId), out var row))
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
            ? rows.TryAdd(key, (data, etag))
            : rows.TryGetValue(key, out var old) && old.ETag == grainState.ETag && rows.TryUpdate(key, (data, etag), old);
        if (!written)
        {
            throw new InconsistentStateException($"The stored state of {grainId} changed since it was read.", rows.TryGetValue(key, out var now) ? now.ETag : "", grainState.ETag ?? "");
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        rows.TryRemove(Key(stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static string Key(string stateName, GrainId grainId) => $"{stateName}/{grainId}";
}
