using IndBot.Browser.Tests.Infrastructure;

namespace IndBot.Browser.Tests.Browser;

/// <summary>Chromium plus a Kestrel host with the widget, the Direct Line endpoint and the echo bot.</summary>
public sealed class WidgetFixture : IAsyncLifetime
{
    public BrowserFixture Browser { get; } = new();

    public DirectLineTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await DirectLineTestHost.StartKestrelAsync();
        await Browser.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Host.DisposeAsync();
    }
}
