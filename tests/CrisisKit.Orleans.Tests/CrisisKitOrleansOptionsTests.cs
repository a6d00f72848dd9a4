using Microsoft.Extensions.Options;

namespace CrisisKit.Orleans.Tests;

public sealed class CrisisKitOrleansOptionsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        new CrisisKitOrleansOptionsValidator().Validate(null, new CrisisKitOrleansOptions()).Should().Be(ValidateOptionsResult.Success);
    }

    [Fact]
    public void Each_option_out_of_range_is_named_with_its_range()
    {
        var result = new CrisisKitOrleansOptionsValidator().Validate(null, new CrisisKitOrleansOptions
        {
            MaxUnpersistedBatches = 0,
            MaxSendAttempts = 101,
            RetryDelay = TimeSpan.FromSeconds(-1),
        });

        result.Failures.Should().Equal(
            "CrisisKitOrleansOptions.MaxUnpersistedBatches is 0; it must be from 1 to 1024.",
            "CrisisKitOrleansOptions.MaxSendAttempts is 101; it must be from 1 to 100.",
            "CrisisKitOrleansOptions.RetryDelay is -00:00:01; it must be from 00:00:00 to 00:01:00.");
    }
}
