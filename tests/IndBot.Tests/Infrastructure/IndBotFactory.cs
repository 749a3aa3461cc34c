using IndBot.Snapshots;
using IndBot.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IndBot.Tests.Infrastructure;

/// <summary>The real host in memory, answering from the repository's knowledge/; waits until the knowledge is loaded.</summary>
public class IndBotFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>Extra configuration (e.g. IndBot:TraceOnAllChannels); applied over appsettings.json.</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    /// <summary>This host's feedback file (JSON lines), in a fresh temporary folder that does not exist yet.</summary>
    public string FeedbackPath { get; } = Path.Combine(Path.GetTempPath(), "indbot-tests", Guid.NewGuid().ToString("N"), "feedback.jsonl");

    public static string KnowledgePath => KnowledgeLocator.Find(null);

    public KnowledgeState Knowledge => Services.GetRequiredService<KnowledgeState>();

    public async Task InitializeAsync()
    {
        await Knowledge.WhenLoadedAsync().WaitAsync(TimeSpan.FromMinutes(2));
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        var folder = Path.GetDirectoryName(FeedbackPath)!;
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Knowledge:Path"] = KnowledgePath,
            ["Knowledge:Watch"] = "false",
            ["Feedback:Path"] = FeedbackPath,
            // Every in-memory request comes from one (unknown) address; RateLimitTests switch it on.
            ["RateLimits:PerIpPerMinute"] = "0",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(Logs);
            logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace);
        });
        builder.ConfigureServices(ConfigureTestServices);
    }
}

[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<IndBotFactory>
{
    public const string Name = "IndBot host";
}
