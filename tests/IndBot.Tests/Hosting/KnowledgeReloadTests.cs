using System.Net;
using System.Text.Json;
using IndBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using IndBot.Telemetry;

namespace IndBot.Tests.Hosting;

/// <summary>A host answering from a copy of knowledge/ that the test edits while it runs.</summary>
public sealed class KnowledgeReloadTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "indbot-knowledge-" + Guid.NewGuid().ToString("N"));
    private WatchedFactory? _factory;

    public async Task InitializeAsync()
    {
        Copy(IndBotFactory.KnowledgePath, _folder);
        _factory = new WatchedFactory(_folder);
        await _factory.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Reload_ValidEdit_SwapsInNewAnswers()
    {
        var client = new BotClient(_factory!.CreateClient());
        var next = _factory.Knowledge.NextUpdateAsync();
        var messages = Path.Combine(_folder, "messages.yaml");
        var text = await File.ReadAllTextAsync(messages);
        await File.WriteAllTextAsync(messages, text.Replace("Thank you for your feedback!", "Thanks a lot for your feedback!"));

        await next.WaitAsync(TimeSpan.FromSeconds(60));

        var activity = BotClient.Message("Yes", BotClient.NewConversation());
        activity["value"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "indbot.feedback", ["helpful"] = true, ["language"] = "en" };
        var reply = BotClient.SingleMessage(await client.SendAsync(activity));
        Assert.Equal("Thanks a lot for your feedback!", reply.Text);
        Assert.True(_factory.Knowledge.Version >= 2);
    }

    [Fact]
    public async Task Reload_BrokenEdit_KeepsServingAndReportsProblem()
    {
        var client = _factory!.CreateClient();
        using var metrics = new MeterRecorder(_factory.Services.GetRequiredService<IndBot.Telemetry.IndBotMetrics>().Meter);
        var next = _factory.Knowledge.NextUpdateAsync();
        await File.WriteAllTextAsync(Path.Combine(_folder, "desks.yaml"), "desks: [ this is: not: valid");

        await next.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Contains(metrics.Measurements, m => m.Instrument == "indbot.knowledge.reloads" && m.Tags == "outcome=failure");

        using var health = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var json = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        Assert.Equal("degraded", json.RootElement.GetProperty("status").GetString());
        var problem = json.RootElement.GetProperty("problems")[0];
        Assert.Contains("desks.yaml", problem.GetProperty("file").GetString());

        var reply = BotClient.SingleMessage(await new BotClient(client).AskAsync("Where is the IND desk in Utrecht?", BotClient.NewConversation()));
        Assert.Contains("Bergstraat 58", BotClient.Json(reply));
    }

    private static void Copy(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
    }

    private sealed class WatchedFactory(string folder) : IndBotFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Knowledge:Path"] = folder,
            ["Knowledge:Watch"] = "true",
            ["Knowledge:ReloadDelay"] = "00:00:00.100",
            ["Knowledge:PollInterval"] = "00:00:00.200",
        };
    }
}
