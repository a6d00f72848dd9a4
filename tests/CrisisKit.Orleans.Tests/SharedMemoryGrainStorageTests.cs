using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace CrisisKit.Orleans.Tests;

public sealed class SharedMemoryGrainStorageTests
{
    private static readonly GrainId Grain = GrainId.Create("subject", "acme");

    private static Serializer NewSerializer() => new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public async Task A_state_written_through_one_silo_is_read_through_another_as_a_copy()
    {
        var storage = new SharedMemoryGrainStorage();
        var first = storage.For(NewSerializer());
        var second = storage.For(NewSerializer());
        var written = new GrainState<List<string>>(["opened"]);

        await first.WriteStateAsync("incident", Grain, written);
        var read = new GrainState<List<string>>([]);
        await second.ReadStateAsync("incident", Grain, read);

        read.State.Should().Equal("opened");
        read.State.Should().NotBeSameAs(written.State, "states are kept as bytes, so no two silos share an object");
        read.ETag.Should().Be(written.ETag);
        read.RecordExists.Should().BeTrue();
        storage.Count.Should().Be(1);
        storage.Writes.Should().Be(1);
        storage.BytesWritten.Should().BePositive();
    }

    [Fact]
    public async Task A_write_from_an_activation_that_read_an_older_state_is_refused()
    {
        var storage = new SharedMemoryGrainStorage();
        var provider = storage.For(NewSerializer());
        var old = new GrainState<int>(1);
        await provider.WriteStateAsync("subject", Grain, old);
        var current = new GrainState<int>(0);
        await provider.ReadStateAsync("subject", Grain, current);
        current.State = 2;
        await provider.WriteStateAsync("subject", Grain, current);

        old.State = 3;
        var stale = () => provider.WriteStateAsync("subject", Grain, old);
        var clear = () => provider.ClearStateAsync("subject", Grain, old);
        var fresh = () => provider.WriteStateAsync("subject", Grain, new GrainState<int>(4));

        await stale.Should().ThrowAsync<InconsistentStateException>();
        await clear.Should().ThrowAsync<InconsistentStateException>();
        await fresh.Should().ThrowAsync<InconsistentStateException>("a state without an etag may only create the record");
        var read = new GrainState<int>(0);
        await provider.ReadStateAsync("subject", Grain, read);
        read.State.Should().Be(2);
        storage.Writes.Should().Be(2);
    }

    [Fact]
    public async Task Clearing_with_the_current_etag_removes_the_state()
    {
        var storage = new SharedMemoryGrainStorage();
        var provider = storage.For(NewSerializer());
        var state = new GrainState<int>(1);
        await provider.WriteStateAsync("subject", Grain, state);

        await provider.ClearStateAsync("subject", Grain, state);

        state.ETag.Should().BeNull();
        state.RecordExists.Should().BeFalse();
        storage.Count.Should().Be(0);
    }
}
