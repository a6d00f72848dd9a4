using CrisisKit.Incidents;
using CrisisKit.Storage.PostgreSql;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Keeps CrisisKit's incidents in a PostgreSQL database.</summary>
public static class PostgreSqlCrisisKitBuilderExtensions
{
    /// <summary>
    /// Registers a <see cref="PostgreSqlIncidentStore"/> on the database <paramref name="connectionString"/> names (in
    /// the <c>crisiskit</c> schema) as the <see cref="IIncidentStore"/> singleton, replacing any store registered
    /// before. The connection string is checked when the host starts; the server is first contacted when the store is
    /// first used, and the schema is created then if absent. The container disposes the store.
    /// </summary>
    /// <param name="builder">The builder <c>AddCrisisKit</c> returned.</param>
    /// <param name="connectionString">An Npgsql connection string (<c>Host=...;Database=...;Username=...;Password=...</c>).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty.</exception>
    public static CrisisKitBuilder UsePostgreSqlIncidentStore(this CrisisKitBuilder builder, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.UsePostgreSqlIncidentStore(options => options.ConnectionString = connectionString);
    }

    /// <summary>
    /// Registers a <see cref="PostgreSqlIncidentStore"/> configured by <paramref name="configure"/> (for example bound
    /// from configuration) as the <see cref="IIncidentStore"/> singleton, replacing any store registered before. The
    /// options are validated when the host starts (<c>ValidateOnStart</c>): a missing or invalid connection string or
    /// schema name fails the start with a message naming the option. The container disposes the store.
    /// </summary>
    /// <param name="builder">The builder <c>AddCrisisKit</c> returned.</param>
    /// <param name="configure">Sets the connection string, and optionally the schema.</param>
    /// <returns>The builder.</returns>
    public static CrisisKitBuilder UsePostgreSqlIncidentStore(this CrisisKitBuilder builder, Action<PostgreSqlIncidentStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<PostgreSqlIncidentStoreOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlIncidentStoreOptions>, OptionsValidator>());
        services.RemoveAll<IIncidentStore>();
        services.RemoveAll<PostgreSqlIncidentStore>();
        services.AddSingleton(sp => new PostgreSqlIncidentStore(sp.GetRequiredService<IOptions<PostgreSqlIncidentStoreOptions>>().Value));
        services.AddSingleton<IIncidentStore>(sp => sp.GetRequiredService<PostgreSqlIncidentStore>());
        return builder;
    }

    private sealed class OptionsValidator : IValidateOptions<PostgreSqlIncidentStoreOptions>
    {
        public ValidateOptionsResult Validate(string? name, PostgreSqlIncidentStoreOptions options)
        {
            if (name != Microsoft.Extensions.Options.Options.DefaultName)
            {
                return ValidateOptionsResult.Skip;
            }

            var errors = options.Check();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
