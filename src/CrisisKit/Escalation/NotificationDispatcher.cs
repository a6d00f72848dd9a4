using System.Globalization;
using CrisisKit.Diagnostics;
using CrisisKit.Incidents;

namespace CrisisKit.Escalation;

/// <summary>
/// Sends the engine's outbox entries, outside the engine's lock: at most
/// <see cref="EscalationOptions.MaxConcurrentSendsPerChannel"/> at a time per channel, each bounded by
/// <see cref="EscalationOptions.SendTimeout"/> on the wall clock (not the engine's clock, which may be virtual). Each
/// send ends in exactly one outcome, <see cref="NotificationSent"/> or <see cref="NotificationFailed"/> (with its retry
/// time), handed to the engine to record. <see cref="DrainAsync"/> waits for the sends a channel has started; sends
/// still waiting for a channel's turn then give up and stay pending in the outbox for the next engine.
/// </summary>
internal sealed class NotificationDispatcher : IDisposable
{
    private readonly IReadOnlyDictionary<string, INotificationChannel> _channels;
    private readonly Dictionary<string, SemaphoreSlim> _turns = new(StringComparer.Ordinal);
    private readonly EscalationOptions _options;
    private readonly TimeProvider _engineClock;
    private readonly TimeProvider _wallClock;
    private readonly EscalationTelemetry _telemetry;
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<Task> _running = [];

    public NotificationDispatcher(IReadOnlyDictionary<string, INotificationChannel> channels, EscalationOptions options, TimeProvider engineClock, TimeProvider wallClock, EscalationTelemetry telemetry)
    {
        _channels = channels;
        _options = options;
        _engineClock = engineClock;
        _wallClock = wallClock;
        _telemetry = telemetry;
        foreach (var name in channels.Keys)
        {
            _turns[name] = new SemaphoreSlim(options.MaxConcurrentSendsPerChannel, options.MaxConcurrentSendsPerChannel);
        }
    }

    /// <summary>Starts sending <paramref name="sends"/> (in order, as channel turns allow) and hands each outcome to <paramref name="record"/>.</summary>
    /// <returns>A task that completes when every send has its outcome recorded (or was given up at shutdown), with how many were accepted.</returns>
    public Task<int> StartAsync(IReadOnlyList<OutboxSend> sends, Func<OutboxSend, IncidentEvent, Task> record)
    {
        if (sends.Count == 0)
        {
            return Task.FromResult(0);
        }

        var tasks = new Task<bool>[sends.Count];
        for (var i = 0; i < sends.Count; i++)
        {
            tasks[i] = Track(SendAsync(sends[i], record));
        }

        return CountAsync(tasks);
    }

    /// <summary>Stops starting sends and waits for those a channel has already started (each ends by its timeout at the latest).</summary>
    public Task DrainAsync()
    {
        // Cancelled synchronously, so sends waiting for a turn give up now, before a finishing send could hand them its turn.
        _stopping.Cancel();
        return WaitForRunningAsync();
    }

    private async Task WaitForRunningAsync()
    {
        while (true)
        {
            Task[] running;
            lock (_running)
            {
                running = [.. _running];
            }

            if (running.Length == 0)
            {
                return;
            }

            await Task.WhenAll(running).ConfigureAwait(false);
        }
    }

    /// <summary>Frees the dispatcher's handles; call after <see cref="DrainAsync"/>. Sends started later give up at once and stay pending.</summary>
    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        foreach (var turn in _turns.Values)
        {
            turn.Dispose();
        }
    }

    private static async Task<int> CountAsync(Task<bool>[] tasks)
    {
        var sent = 0;
        foreach (var task in tasks)
        {
            sent += await task.ConfigureAwait(false) ? 1 : 0;
        }

        return sent;
    }

    private Task<bool> Track(Task<bool> task)
    {
        lock (_running)
        {
            if (!task.IsCompleted)
            {
                _running.Add(task);
            }
        }

        _ = task.ContinueWith(
            t =>
            {
                lock (_running)
                {
                    _running.Remove(t);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return task;
    }

    private async Task<bool> SendAsync(OutboxSend send, Func<OutboxSend, IncidentEvent, Task> record)
    {
        var item = send.Planned;
        var turn = _turns[item.Channel];
        try
        {
            await turn.WaitAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            return false; // shutting down: it stays pending in the outbox, and the next engine sends it
        }

        if (_stopping.IsCancellationRequested)
        {
            // Given its turn as the stop came (a finishing send handed it over): it stays pending all the same.
            turn.Release();
            return false;
        }

        IncidentEvent outcome;
        try
        {
            outcome = await SendOnceAsync(_channels[item.Channel], send, _options, _engineClock, _wallClock, _telemetry).ConfigureAwait(false);
        }
        finally
        {
            turn.Release();
        }

        try
        {
            await record(send, outcome).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _telemetry.OutcomeNotRecorded(ex, outcome.GetType().Name, item.Key);
        }

        return outcome is NotificationSent;
    }

    /// <summary>
    /// Sends one outbox entry through <paramref name="channel"/> and gives its outcome: <see cref="NotificationSent"/>,
    /// or <see cref="NotificationFailed"/> with its retry time (none once <see cref="EscalationOptions.MaxAttempts"/>
    /// are used up) when the channel throws or does not answer within <see cref="EscalationOptions.SendTimeout"/> on
    /// <paramref name="wallClock"/>. Reports the send to <paramref name="telemetry"/>. Never throws for the channel's sake;
    /// the engine's dispatcher and an Orleans incident grain send through it alike.
    /// </summary>
    public static async Task<IncidentEvent> SendOnceAsync(INotificationChannel channel, OutboxSend send, EscalationOptions options, TimeProvider engineClock, TimeProvider wallClock, EscalationTelemetry telemetry)
    {
        var item = send.Planned;
        var timing = telemetry.StartSend(send.IncidentId, item.Channel, item.Kind, item.Key, item.Attempt);
        using var timeout = new CancellationTokenSource(options.SendTimeout, wallClock);
        try
        {
            await channel.SendAsync(send.Notification, timeout.Token).WaitAsync(options.SendTimeout, wallClock).ConfigureAwait(false);
            telemetry.Sent(timing, item.Person);
            return new NotificationSent(engineClock.GetUtcNow(), item.Key, send.Notification.ProtocolId, item.Step, item.Round, item.Person, item.Channel, item.Attempt);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var timedOut = ex is TimeoutException || (ex is OperationCanceledException && timeout.IsCancellationRequested);
            var error = timedOut
                ? string.Create(CultureInfo.InvariantCulture, $"The {item.Channel} channel did not answer within {options.SendTimeout.TotalSeconds:0.#} s.")
                : ex.Message;
            var now = engineClock.GetUtcNow();
            DateTimeOffset? retry = item.Attempt >= options.MaxAttempts ? null : now + Backoff(options, item.Attempt);
            telemetry.Failed(timing, item.Person, retry, timedOut ? new TimeoutException(error, ex) : ex);
            return new NotificationFailed(now, item.Key, item.Person, item.Channel, item.Attempt, error, retry);
        }
    }

    private static TimeSpan Backoff(EscalationOptions options, int attempt)
    {
        var ticks = options.RetryBackoff.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30));
        return TimeSpan.FromTicks((long)Math.Min(ticks, options.MaxRetryBackoff.Ticks));
    }
}

/// <summary>One outbox entry to send: the planned notification and the message composed for it.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Planned">What the planner asked for.</param>
/// <param name="Notification">The message.</param>
internal sealed record OutboxSend(string IncidentId, PlannedNotification Planned, Notification Notification);
