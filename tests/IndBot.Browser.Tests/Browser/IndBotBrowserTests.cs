using Microsoft.Playwright;
using static IndBot.Browser.Tests.Browser.WidgetBrowserTests;
using static Microsoft.Playwright.Assertions;

namespace IndBot.Browser.Tests.Browser;

/// <summary>The demo page of the real IndBot host, end to end: page → widget → Direct Line → bot → answer in the browser.</summary>
public sealed class IndBotBrowserTests : IClassFixture<IndBotFixture>
{
    private const string SendBox = "[data-id=webchat-sendbox-input]";
    private readonly IndBotFixture _fixture;

    public IndBotBrowserTests(IndBotFixture fixture)
    {
        _fixture = fixture;
    }

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/widget.js", "text/javascript")]
    [InlineData("/dist/widget.css", "text/css")]
    public async Task BuiltApp_StartedFromAnotherFolder_ServesThePageAndTheWidget(string path, string contentType)
    {
        using var http = new HttpClient { BaseAddress = _fixture.Host.BaseAddress };

        using var response = await http.GetAsync(path);

        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} (started in {_fixture.Host.WorkingDirectory})");
        Assert.StartsWith(contentType, response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoPage_AskForUtrechtDesk_ShowsItsAddress()
    {
        await using var probe = await _fixture.Browser.NewPageAsync(_fixture.Host.BaseAddress);
        var page = probe.Page;
        await page.GotoAsync(_fixture.Host.BaseAddress.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Open chat with IndBot" }).ClickAsync();
        var panel = page.Locator("#indbot-panel");
        await Expect(panel.Locator(".webchat__bubble__content").First).ToBeVisibleAsync(); // the welcome

        await page.Locator(SendBox).FillAsync("Where is the IND desk in Utrecht?");
        await page.Keyboard.PressAsync("Enter");

        await Expect(Bubble(panel.Locator(".webchat__stacked-layout:not(.webchat__stacked-layout--from-user)"), "Bergstraat 58")).ToBeVisibleAsync();
        await probe.ScreenshotAsync("indbot-utrecht-desk");
        Assert.Empty(probe.ConsoleErrors);
        Assert.Empty(probe.ForeignRequests);
    }

    [Fact]
    public async Task DemoPage_WhichDesk_ADeskButtonGetsThatDesksAnswer()
    {
        await using var probe = await _fixture.Browser.NewPageAsync(_fixture.Host.BaseAddress);
        var page = probe.Page;
        await page.GotoAsync(_fixture.Host.BaseAddress.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Open chat with IndBot" }).ClickAsync();
        var panel = page.Locator("#indbot-panel");
        await Expect(panel.Locator(".webchat__bubble__content").First).ToBeVisibleAsync();

        // The list of desks ends with "Which IND desk do you mean?" and a button per desk.
        await page.Locator(SendBox).FillAsync("where are the IND desks?");
        await page.Keyboard.PressAsync("Enter");
        var option = panel.Locator(".webchat__suggested-action").Filter(new() { HasText = "IND Utrecht" });
        await Expect(option).ToBeVisibleAsync();

        await option.ClickAsync();

        // imBack: the option's question appears as the user's message, then the bot answers it.
        await Expect(panel.Locator(".webchat__stacked-layout--from-user .webchat__bubble__content")).ToHaveCountAsync(2);
        await Expect(Bubble(panel.Locator(".webchat__stacked-layout:not(.webchat__stacked-layout--from-user)"), "Bergstraat 58")).ToBeVisibleAsync();
        await probe.ScreenshotAsync("indbot-which-desk");
    }

    [Fact]
    public async Task DemoPage_DutchBrowser_AnswersInDutch()
    {
        await using var probe = await _fixture.Browser.NewPageAsync(_fixture.Host.BaseAddress, locale: "nl-NL");
        var page = probe.Page;
        await page.GotoAsync(_fixture.Host.BaseAddress.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Open de chat met IndBot" }).ClickAsync();
        var panel = page.Locator("#indbot-panel");
        await Expect(panel.Locator(".webchat__bubble__content").First).ToBeVisibleAsync(); // the welcome: connected

        await page.Locator(SendBox).FillAsync("Waar is het IND-loket in Utrecht?");
        await page.Keyboard.PressAsync("Enter");

        await Expect(Bubble(panel.Locator(".webchat__stacked-layout:not(.webchat__stacked-layout--from-user)"), "Bergstraat 58")).ToBeVisibleAsync();
    }
}
