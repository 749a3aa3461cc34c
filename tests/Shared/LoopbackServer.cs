using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IndBot.Testing;

/// <summary>One request as the server received it; <see cref="RawTarget"/> keeps the percent-encoding.</summary>
public sealed record RecordedRequest(string Method, string RawTarget, string Path, string? Authorization, string Body)
{
    /// <summary>The request's headers as sent (e.g. Content-Length, Transfer-Encoding, User-Agent).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// A real HTTP server on 127.0.0.1 (random port) that records every request and answers through a handler — by default
/// as a Bot Connector does, <c>{"id":"reply-1"}</c>. Shared by the test projects (linked from tests/Shared).
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<RecordedRequest> _arrivals = Channel.CreateUnbounded<RecordedRequest>();

    private LoopbackServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Every request so far, in order of arrival.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public static async Task<LoopbackServer> StartAsync(Func<HttpContext, RecordedRequest, Task>? handler = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new LoopbackServer(app);
        handler ??= AnswerLikeAConnectorAsync;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var recorded = new RecordedRequest(
                context.Request.Method,
                context.Features.Get<IHttpRequestFeature>()!.RawTarget,
                context.Request.Path.Value ?? string.Empty,
                context.Request.Headers.Authorization.Count > 0 ? context.Request.Headers.Authorization.ToString() : null,
                body)
            {
                Headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            };
            server.Requests.Enqueue(recorded);
            server._arrivals.Writer.TryWrite(recorded);
            await handler(context, recorded);
        });
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return server;
    }

    /// <summary>The next request not yet taken by this method (waits up to 30 s for it).</summary>
    public async Task<RecordedRequest> NextAsync() =>
        await _arrivals.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task AnswerLikeAConnectorAsync(HttpContext context, RecordedRequest request)
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("""{"id":"reply-1"}""");
    }
}
