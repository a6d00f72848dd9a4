using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;

namespace CrisisKit.Cli;

/// <summary>
/// An Orleans cluster of several silos in this process, on loopback only: each silo is its own generic host with
/// localhost clustering on its own free ports, the first being the primary (it holds the membership table, so it is
/// never killed). Failure detection is tuned for loopback, where a dead silo's ports refuse at once: a silo is
/// declared dead after two missed one-second probes, on one vote.
/// </summary>
internal sealed class LoopbackCluster : IAsyncDisposable
{
    private readonly List<IHost> _hosts;
    private readonly HashSet<int> _killed = [];

    private LoopbackCluster(List<IHost> hosts) => _hosts = hosts;

    /// <summary>How many silos were started.</summary>
    public int Count => _hosts.Count;

    /// <summary>The primary silo's services (the membership table's silo, never killed).</summary>
    public IServiceProvider Primary => _hosts[0].Services;

    /// <summary>The silo's address.</summary>
    public SiloAddress AddressOf(int silo) => _hosts[silo].Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    /// <summary>Starts <paramref name="silos"/> silos, each configured by <paramref name="configure"/> (given the silo's index), and waits until all have joined.</summary>
    public static async Task<LoopbackCluster> StartAsync(int silos, Action<int, ISiloBuilder> configure, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(silos, 1);
        var serviceId = "crisiskit-" + Guid.NewGuid().ToString("N")[..8];
        IPEndPoint? primary = null;
        var hosts = new List<IHost>(silos);
        var cluster = new LoopbackCluster(hosts);
        try
        {
            for (var i = 0; i < silos; i++)
            {
                var index = i;
                var (siloPort, gatewayPort) = FreePorts();
                primary ??= new IPEndPoint(IPAddress.Loopback, siloPort);
                var primaryEndpoint = primary;
                var host = new HostBuilder()
                    .UseOrleans(silo =>
                    {
                        silo.UseLocalhostClustering(siloPort, gatewayPort, primaryEndpoint, serviceId, serviceId);
                        silo.Configure<ClusterMembershipOptions>(o =>
                        {
                            o.ProbeTimeout = TimeSpan.FromSeconds(1);
                            o.NumMissedProbesLimit = 2;
                            o.NumVotesForDeathDeclaration = 1;
                        });
                        configure(index, silo);
                    })
                    .Build();
                hosts.Add(host);
                await host.StartAsync(cancellationToken).ConfigureAwait(false);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>How many of <paramref name="grains"/> each silo holds an activation of (by silo index; a killed silo holds none), asked of the cluster's management grain.</summary>
    public async Task<int[]> ActivationsPerSiloAsync(IEnumerable<IAddressable> grains)
    {
        var management = Primary.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var counts = new int[_hosts.Count];
        var addresses = Enumerable.Range(0, _hosts.Count).Select(s => _killed.Contains(s) ? null : AddressOf(s)).ToList();
        foreach (var grain in grains)
        {
            if (await management.GetActivationAddress(grain).ConfigureAwait(false) is { } address && addresses.IndexOf(address) is var silo and >= 0)
            {
                counts[silo]++;
            }
        }

        return counts;
    }

    /// <summary>
    /// Stops a silo as close to a crash as one process allows: its host is stopped with a token already cancelled
    /// (no graceful shutdown: no grain is deactivated or hands its state over) and disposed, closing its ports.
    /// </summary>
    public async Task KillAsync(int silo)
    {
        if (silo == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(silo), "The primary silo holds the membership table; killing it would stop the cluster.");
        }

        _killed.Add(silo);
        var host = _hosts[silo];
        try
        {
            await host.StopAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The point of a cancelled stop.
        }

        host.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _hosts.Count - 1; i >= 0; i--)
        {
            if (_killed.Contains(i))
            {
                continue;
            }

            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10), TimeProvider.System);
                await _hosts[i].StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // A silo that cannot stop gracefully within the time is stopped anyway.
            }

            _hosts[i].Dispose();
        }
    }

    /// <summary>Two free loopback ports, different from each other: both are held open until both are chosen.</summary>
    private static (int Silo, int Gateway) FreePorts()
    {
        using var silo = new TcpListener(IPAddress.Loopback, 0);
        using var gateway = new TcpListener(IPAddress.Loopback, 0);
        silo.Start();
        gateway.Start();
        return (((IPEndPoint)silo.LocalEndpoint).Port, ((IPEndPoint)gateway.LocalEndpoint).Port);
    }
}
