using CrisisKit.Incidents;
using CrisisKit.Testing;
using CrisisKit.Tests;

namespace CrisisKit.Storage.PostgreSql.Tests;

/// <summary>
/// The PostgreSQL store passes the contract every incident store must, each test in a schema of its own on the server
/// <c>CRISISKIT_POSTGRES</c> names, with a second store (its own connections) for the race.
/// </summary>
public sealed class PostgreSqlIncidentStoreContractTests : IncidentStoreContractTests, IAsyncLifetime
{
    private readonly string _schema = TestPostgres.NewSchema();

    protected override ValueTask<IIncidentStore> CreateStoreAsync() =>
        ValueTask.FromResult<IIncidentStore>(new PostgreSqlIncidentStore(new PostgreSqlIncidentStoreOptions { ConnectionString = TestPostgres.Require(), Schema = _schema }));

    protected override ValueTask<IIncidentStore> OpenSecondStoreAsync(IIncidentStore store) => CreateStoreAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => TestPostgres.DropSchemaAsync(_schema);
}
