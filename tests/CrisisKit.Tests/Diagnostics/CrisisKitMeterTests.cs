using System.Diagnostics.Metrics;
using CrisisKit.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisKit.Tests.Diagnostics;

public class CrisisKitMeterTests
{
    [Fact]
    public void Each_container_has_its_own_CrisisKit_meter_scoped_to_its_meter_factory_and_disposed_with_it()
    {
        var first = new ServiceCollection();
        first.AddCrisisKit();
        var second = new ServiceCollection();
        second.AddCrisisKit();
        var one = first.BuildServiceProvider();
        using var two = second.BuildServiceProvider();

        var meter = one.GetRequiredService<CrisisKitMetrics>().Meter;
        meter.Name.Should().Be("CrisisKit");
        meter.Scope.Should().BeSameAs(one.GetRequiredService<IMeterFactory>());
        two.GetRequiredService<CrisisKitMetrics>().Meter.Should().NotBeSameAs(meter);

        var completed = new List<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == meter)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
            MeasurementsCompleted = (instrument, _) => completed.Add(instrument.Name),
        };
        listener.Start();
        one.Dispose();

        completed.Should().Contain(["crisiskit.mentions.received", "crisiskit.incidents.open"], "disposing the container disposes its meter");
    }

    [Fact]
    public void A_hosts_own_meter_factory_wins()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddCrisisKit();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IMeterFactory>().Should().NotBeOfType<CrisisKitMeterFactory>();
        provider.GetRequiredService<CrisisKitMetrics>().Meter.Scope.Should().BeSameAs(provider.GetRequiredService<IMeterFactory>());
    }

    [Fact]
    public void The_factory_hands_out_one_meter_per_name_version_and_tags()
    {
        using var factory = new CrisisKitMeterFactory();

        var meter = factory.Create(new MeterOptions("CrisisKit") { Version = "1.0" });

        factory.Create(new MeterOptions("CrisisKit") { Version = "1.0" }).Should().BeSameAs(meter);
        factory.Create(new MeterOptions("CrisisKit") { Version = "2.0" }).Should().NotBeSameAs(meter);
        factory.Create(new MeterOptions("CrisisKit") { Version = "1.0", Tags = [new("shard", 1)] }).Should().NotBeSameAs(meter);
    }
}
