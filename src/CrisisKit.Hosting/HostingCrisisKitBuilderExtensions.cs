using CrisisKit.Escalation;
using CrisisKit.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds file-based protocols and the console channel to CrisisKit.</summary>
public static class HostingCrisisKitBuilderExtensions
{
    /// <summary>
    /// Adds response protocol files, or folders of <c>*.json</c> files. The folders are listed and the files read and
    /// checked once, when the host starts; a missing or invalid file fails the start with its path, JSON path and reason,
    /// and so does a folder that holds no <c>*.json</c> file directly in it (a host never starts with no protocols
    /// because of a wrong folder).
    /// </summary>
    /// <param name="builder">The CrisisKit builder.</param>
    /// <param name="paths">Files or folders.</param>
    /// <returns>The builder.</returns>
    public static CrisisKitBuilder AddProtocolFiles(this CrisisKitBuilder builder, params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(paths);
        string[] given = [.. paths];
        builder.Services.AddSingleton<IValidateOptions<EscalationOptions>>(new ProtocolFoldersValidator(given));
        builder.Services.Configure<EscalationOptions>(o =>
        {
            foreach (var source in ProtocolFiles.Sources(given))
            {
                o.Protocols.Add(source);
            }
        });
        return builder;
    }

    /// <summary>Adds a <see cref="ConsoleNotificationChannel"/> writing to standard output.</summary>
    /// <param name="builder">The CrisisKit builder.</param>
    /// <param name="name">The channel's name; default <c>console</c>.</param>
    /// <returns>The builder.</returns>
    public static CrisisKitBuilder AddConsoleChannel(this CrisisKitBuilder builder, string name = "console")
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddNotificationChannel(sp => new ConsoleNotificationChannel(null, name, sp.GetService<ILogger<ConsoleNotificationChannel>>()));
    }
}
