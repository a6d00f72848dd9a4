using CrisisKit.Incidents;
using CrisisKit.Testing;

namespace CrisisKit.Tests.Incidents;

/// <summary>The in-memory store passes the contract every incident store must.</summary>
public sealed class InMemoryIncidentStoreContractTests : IncidentStoreContractTests
{
    protected override ValueTask<IIncidentStore> CreateStoreAsync() => ValueTask.FromResult<IIncidentStore>(new InMemoryIncidentStore());
}

/// <summary>The in-memory channel passes the contract every notification channel must.</summary>
public sealed class InMemoryNotificationChannelContractTests : NotificationChannelContractTests
{
    protected override CrisisKit.Escalation.INotificationChannel CreateChannel() => new CrisisKit.Escalation.InMemoryNotificationChannel("pager");

    protected override CrisisKit.Escalation.INotificationChannel? CreateFailingChannel()
    {
        var channel = new CrisisKit.Escalation.InMemoryNotificationChannel("pager");
        channel.FailNext(1);
        return channel;
    }
}
