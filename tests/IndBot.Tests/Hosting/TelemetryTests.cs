using IndBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace IndBot.Tests.Hosting;

public sealed class TelemetryTests
{
    [Fact]
    public async Task Host_WithOtlpEndpoint_ExportsMetrics()
    {
        // Nothing listens there: the exporter retries in the background and the bot is unaffected.
        await using var factory = new TelemetryFactory("http://127.0.0.1:9/");
        await factory.InitializeAsync();

        Assert.NotNull(factory.Services.GetService<MeterProvider>());
        BotClient.SingleMessage(await new BotClient(factory.CreateClient()).AskAsync("When do I give my fingerprints?", BotClient.NewConversation()));
    }

    [Fact]
    public async Task Host_WithoutOtlpEndpoint_NoExporter()
    {
        await using var factory = new IndBotFactory();
        await factory.InitializeAsync();

        Assert.Null(factory.Services.GetService<MeterProvider>());
    }

    private sealed class TelemetryFactory(string endpoint) : IndBotFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Telemetry:OtlpEndpoint"] = endpoint,
        };
    }
}
