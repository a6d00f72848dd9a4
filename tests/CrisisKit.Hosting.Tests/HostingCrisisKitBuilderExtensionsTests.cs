using CrisisKit.Escalation;
using CrisisKit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CrisisKit.Hosting.Tests;

public sealed class HostingCrisisKitBuilderExtensionsTests : IDisposable
{
    private const string Protocol = """
        {
          "id": "p", "name": "P",
          "people": { "ann": { "name": "Ann", "contacts": { "console": "ann" } } },
          "roles": { "lead": ["ann"] },
          "escalation": [ { "notify": ["lead"], "channels": ["console"], "waitForAcknowledgement": "15m", "repeatEvery": "5m" } ],
          "messages": { "en": { "holding": "We are looking into {issue} at {brand}." } }
        }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("crisiskit-protocols-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static IHost Build(params string[] paths)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddCrisisKit().AddProtocolFiles(paths).AddNotificationChannel(new InMemoryNotificationChannel("console"));
        return builder.Build();
    }

    private static string Message(string folder) =>
        $"AddProtocolFiles: the folder '{folder}' holds no protocol file; protocols are read from the files named *.json (in any letter case) directly in it, not from its sub-folders.";

    [Fact]
    public async Task AddProtocolFiles_with_an_empty_folder_fails_host_start_naming_the_folder()
    {
        using var host = Build(_directory);

        var act = () => host.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().ContainSingle().Which.Should().Be(Message(_directory));
    }

    [Fact]
    public async Task AddProtocolFiles_with_protocols_only_in_a_sub_folder_or_under_another_extension_fails_host_start()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "nested"));
        await File.WriteAllTextAsync(Path.Combine(_directory, "nested", "p.json"), Protocol);
        await File.WriteAllTextAsync(Path.Combine(_directory, "p.json.txt"), Protocol);
        using var host = Build(_directory);

        var act = () => host.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().ContainSingle().Which.Should().Be(Message(_directory));
    }

    [Fact]
    public async Task AddProtocolFiles_names_every_empty_folder_even_beside_one_with_protocols()
    {
        var full = Directory.CreateDirectory(Path.Combine(_directory, "full")).FullName;
        await File.WriteAllTextAsync(Path.Combine(full, "P.JSON"), Protocol);
        var empty = Directory.CreateDirectory(Path.Combine(_directory, "empty")).FullName;
        var alsoEmpty = Directory.CreateDirectory(Path.Combine(_directory, "also-empty")).FullName;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddCrisisKit().AddProtocolFiles(full, empty).AddProtocolFiles(alsoEmpty).AddNotificationChannel(new InMemoryNotificationChannel("console"));
        using var host = builder.Build();

        var act = () => host.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().Equal(Message(empty), Message(alsoEmpty));
    }

    [Fact]
    public async Task AddProtocolFiles_with_a_folder_of_protocols_starts_and_loads_them()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "p.json"), Protocol);
        using var host = Build(_directory);

        await host.StartAsync();

        host.Services.GetRequiredService<IOptions<EscalationOptions>>().Value.Protocols.Should().ContainSingle().Which.Name.Should().Be(Path.Combine(_directory, "p.json"));
        await host.StopAsync();
    }
}
