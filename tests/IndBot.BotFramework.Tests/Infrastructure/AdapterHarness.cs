using System.Text;
using IndBot.BotFramework.Connector;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IndBot.BotFramework.Tests.Infrastructure;

public sealed record HttpResult(int Status, string Body, string? ContentType);

/// <summary>Builds the protocol layer the way the host does and drives <see cref="CloudAdapter.ProcessAsync"/> in memory.</summary>
public static class AdapterHarness
{
    public static ServiceProvider BuildServices(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddBotFramework(configuration);
        services.Configure<ConnectorClientOptions>(o =>
        {
            o.RetryDelay = TimeSpan.FromMilliseconds(5);
            o.AttemptTimeout = TimeSpan.FromSeconds(2);
            o.TotalTimeout = TimeSpan.FromSeconds(5);
        });
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static async Task<HttpResult> PostAsync(
        CloudAdapter adapter,
        IBot bot,
        string? body,
        string? contentType = "application/json",
        string? authorization = null,
        string method = "POST",
        bool sendContentLength = true,
        Stream? bodyStream = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body ?? string.Empty);
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.ContentType = contentType;
        context.Request.Body = bodyStream ?? new MemoryStream(bytes);
        if (sendContentLength)
        {
            context.Request.ContentLength = bytes.Length;
        }

        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        var responseBody = new MemoryStream();
        context.Response.Body = responseBody;
        await adapter.ProcessAsync(context.Request, context.Response, bot, CancellationToken.None);
        return new HttpResult(context.Response.StatusCode, Encoding.UTF8.GetString(responseBody.ToArray()), context.Response.ContentType);
    }
}
