using Microsoft.Playwright;

namespace IndBot.Browser.Tests.Infrastructure;

/// <summary>One Chromium for the test class: Debian's /usr/bin/chromium (Playwright's own browser download is not available).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: TestResults/ at the repository root (ignored by git).</summary>
    public static string ArtifactsDirectory { get; } = Directory.CreateDirectory(Path.Combine(RepoPaths.Root, "TestResults", "browser")).FullName;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                // A page that a test serves through page.RouteAsync has no address, so Chromium counts it as public and
                // blocks its requests to 127.0.0.1 (Local Network Access); a real embedding site and the bot are both public.
                "--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>A new page that records console errors, CSP violations and any request leaving <paramref name="origin"/>.</summary>
    public async Task<PageProbe> NewPageAsync(Uri origin, string locale = "en-US", int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        // Loading the 4 MB Web Chat bundle and the first poll can take a few seconds on a busy CI machine.
        context.SetDefaultTimeout(20_000);
        Assertions.SetDefaultExpectTimeout(20_000);
        var page = await context.NewPageAsync();
        var probe = new PageProbe(context, page);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                probe.ConsoleErrors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => probe.ConsoleErrors.Add(error);
        page.Request += (_, request) =>
        {
            if (Uri.TryCreate(request.Url, UriKind.Absolute, out var url)
                && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
                && url.Authority != origin.Authority)
            {
                probe.ForeignRequests.Add(request.Url);
            }
        };
        return probe;
    }
}

public sealed class PageProbe : IAsyncDisposable
{
    public PageProbe(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public List<string> ConsoleErrors { get; } = [];

    public List<string> ForeignRequests { get; } = [];

    public async Task ScreenshotAsync(string name) =>
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, name + ".png"), FullPage = false });

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}
