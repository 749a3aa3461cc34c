using IndBot.Browser.Tests.Infrastructure;

namespace IndBot.Browser.Tests.Browser;

/// <summary>Chromium plus the real IndBot host (built indbot.dll as a child process).</summary>
public sealed class IndBotFixture : IAsyncLifetime
{
    public BrowserFixture Browser { get; } = new();

    public IndBotProcessHost Host { get; } = new();

    public async Task InitializeAsync()
    {
        await Host.InitializeAsync();
        await Browser.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Host.DisposeAsync();
    }
}
