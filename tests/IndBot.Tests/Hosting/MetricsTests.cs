using IndBot.Hosting;
using IndBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using IndBot.Telemetry;

namespace IndBot.Tests.Hosting;

[Collection(HostCollection.Name)]
public sealed class MetricsTests(IndBotFactory factory)
{
    [Fact]
    public async Task Message_Answered_CountsTurnDecisionAndDuration()
    {
        using var metrics = new MeterRecorder(factory.Services.GetRequiredService<IndBotMetrics>().Meter);
        var bot = new BotClient(factory.CreateClient());

        await bot.AskAsync("When do I give my fingerprints?", BotClient.NewConversation());

        Assert.Contains(metrics.Measurements, m => m.Instrument == "indbot.turns" && m.Value == 1);
        Assert.Contains(metrics.Measurements, m => m.Instrument == "indbot.decisions" && m.Tags.Contains("kind=answer") && m.Tags.Contains("language=en"));
        Assert.Contains(metrics.Measurements, m => m.Instrument == "indbot.turn.duration" && m.Value > 0);
    }

    [Fact]
    public async Task Message_NotUnderstood_CountsFallbackDecision()
    {
        using var metrics = new MeterRecorder(factory.Services.GetRequiredService<IndBotMetrics>().Meter);
        var bot = new BotClient(factory.CreateClient());

        await bot.AskAsync("What is the weather on Mars?", BotClient.NewConversation());

        Assert.Contains(metrics.Measurements, m => m.Instrument == "indbot.decisions" && m.Tags.Contains("kind=fallback"));
    }
}
