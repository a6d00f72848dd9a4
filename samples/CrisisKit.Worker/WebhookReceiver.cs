using System.Net;
using System.Net.Sockets;
using CrisisKit.Channels.Webhook;
using Microsoft.Extensions.Hosting;

namespace CrisisKit.Worker;

/// <summary>A webhook receiver on a loopback port: checks each notification's signature and counts it.</summary>
internal sealed class WebhookReceiver : BackgroundService
{
    private readonly HttpListener _listener = new();
    private readonly string _secret;
    private int _received;
    private int _badSignatures;

    public WebhookReceiver(string secret)
    {
        _secret = secret;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseAddress = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(BaseAddress);
        _listener.Start();
    }

    public string BaseAddress { get; }

    public int Received => Volatile.Read(ref _received);

    public int BadSignatures => Volatile.Read(ref _badSignatures);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var stop = stoppingToken.Register(_listener.Stop);
        while (!stoppingToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body, stoppingToken);
            var timestamp = context.Request.Headers["X-CrisisKit-Timestamp"] ?? "";
            var signature = context.Request.Headers["X-CrisisKit-Signature"];
            if (signature == WebhookNotificationChannel.Sign(_secret, timestamp, body.ToArray()))
            {
                Interlocked.Increment(ref _received);
                context.Response.StatusCode = 204;
            }
            else
            {
                Interlocked.Increment(ref _badSignatures);
                context.Response.StatusCode = 401;
            }

            context.Response.Close();
        }
    }

    public override void Dispose()
    {
        _listener.Close();
        base.Dispose();
    }
}
