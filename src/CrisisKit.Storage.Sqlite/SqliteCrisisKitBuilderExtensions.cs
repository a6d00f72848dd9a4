using CrisisKit.Incidents;
using CrisisKit.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Keeps CrisisKit's incidents in a SQLite file.</summary>
public static class SqliteCrisisKitBuilderExtensions
{
    /// <summary>
    /// Registers a <see cref="SqliteIncidentStore"/> on <paramref name="filePath"/> as the <see cref="IIncidentStore"/>
    /// singleton, replacing any store registered before. The file is opened (and created) when the store is first resolved;
    /// the container disposes the store.
    /// </summary>
    /// <param name="builder">The builder <c>AddCrisisKit</c> returned.</param>
    /// <param name="filePath">The database file.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="filePath"/> is empty.</exception>
    public static CrisisKitBuilder UseSqliteIncidentStore(this CrisisKitBuilder builder, string filePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        return builder.UseSqliteIncidentStore(new SqliteIncidentStoreOptions { FilePath = filePath });
    }

    /// <summary>
    /// Registers a <see cref="SqliteIncidentStore"/> with <paramref name="options"/> as the <see cref="IIncidentStore"/>
    /// singleton, replacing any store registered before. The options are checked now; the file is opened when the store
    /// is first resolved, and the container disposes the store.
    /// </summary>
    /// <param name="builder">The builder <c>AddCrisisKit</c> returned.</param>
    /// <param name="options">Where the database is.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static CrisisKitBuilder UseSqliteIncidentStore(this CrisisKitBuilder builder, SqliteIncidentStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        _ = options.Resolve();
        var copy = new SqliteIncidentStoreOptions { FilePath = options.FilePath, ConnectionString = options.ConnectionString, BusyTimeout = options.BusyTimeout, ReadOnly = options.ReadOnly };
        builder.Services.RemoveAll<IIncidentStore>();
        builder.Services.RemoveAll<SqliteIncidentStore>();
        builder.Services.AddSingleton(sp => new SqliteIncidentStore(copy, sp.GetService<ILogger<SqliteIncidentStore>>()));
        builder.Services.AddSingleton<IIncidentStore>(sp => sp.GetRequiredService<SqliteIncidentStore>());
        return builder;
    }
}
