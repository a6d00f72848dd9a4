using CrisisKit.Detection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrisisKit.Tests.Detection;

public class DetectionOptionsTests
{
    internal static void Ignore(object value) => GC.KeepAlive(value);

    [Fact]
    public void The_defaults_are_valid()
    {
        DetectionOptionsValidator.Check(new DetectionOptions()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("BucketSize", "DetectionOptions.BucketSize must be between 00:01:00 and 01:00:00 and divide a day evenly (was 00:07:00).")]
    [InlineData("GracePeriod", "DetectionOptions.GracePeriod must be between 00:00:00 and the bucket size 00:05:00 (was 00:06:00).")]
    [InlineData("History", "DetectionOptions.History must be between 1.00:00:00 and 14.00:00:00 and a whole number of buckets (was 20.00:00:00).")]
    [InlineData("QuietPeriod", "DetectionOptions.QuietPeriod must be between JoinWindow (02:00:00) and 7.00:00:00 (was 01:00:00).")]
    [InlineData("RaiseThreshold", "DetectionOptions.RaiseThreshold must be above 0 and at most 1 (was 0).")]
    [InlineData("TermSketchCapacity", "DetectionOptions.TermSketchCapacity must be between 16 and 16384 (was 1).")]
    public void Impossible_values_fail_start_with_the_option_and_its_range(string option, string message)
    {
        var services = new ServiceCollection();
        services.AddCrisisKit();
        services.Configure<DetectionOptions>(o =>
        {
            switch (option)
            {
                case "BucketSize": o.BucketSize = TimeSpan.FromMinutes(7); break;
                case "GracePeriod": o.GracePeriod = TimeSpan.FromMinutes(6); break;
                case "History": o.History = TimeSpan.FromDays(20); break;
                case "QuietPeriod": o.QuietPeriod = TimeSpan.FromHours(1); break;
                case "RaiseThreshold": o.RaiseThreshold = 0; break;
                default: o.TermSketchCapacity = 1; break;
            }
        });
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().Contain(message);
    }
}
