using IndBot.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IndBot.Browser.Tests.Browser;

/// <summary>The widget in Chromium against the echo bot: opening, sending, keyboard use, narrow screens, language, CSP.</summary>
public sealed class WidgetBrowserTests : IClassFixture<WidgetFixture>
{
    private const string SendBox = "[data-id=webchat-sendbox-input]";
    private readonly WidgetFixture _fixture;

    public WidgetBrowserTests(WidgetFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Widget_OpenAndSend_ShowsWelcomeEchoAndReplyWithoutCspErrorsOrForeignRequests()
    {
        await using var probe = await _fixture.Browser.NewPageAsync(_fixture.Host.BaseAddress);
        var page = probe.Page;
        await page.GotoAsync(_fixture.Host.BaseAddress.ToString());

        await page.GetByRole(AriaRole.Button, new() { Name = "Open chat with IndBot" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "IndBot – IND assistant" });
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(Bubble(dialog, EchoBot.Welcome)).ToBeVisibleAsync();
        await Expect(page.Locator(SendBox)).ToBeFocusedAsync();

        await page.Locator(SendBox).FillAsync("hello there");
        await page.Keyboard.PressAsync("Enter");

        await Expect(Bubble(dialog, "Echo: hello there")).ToBeVisibleAsync();
        // User on the right, bot on the left (Web Chat decides by from.role).
        var userBox = await dialog.Locator(".webchat__stacked-layout--from-user .webchat__bubble__content").Filter(new() { HasText = "hello there" }).Last.BoundingBoxAsync();
        var botBox = await Bubble(dialog, "Echo: hello there").BoundingBoxAsync();
        Assert.True(userBox!.X > botBox!.X, $"user bubble at x={userBox.X}, bot bubble at x={botBox.X}");
        await probe.ScreenshotAsync("widget-desktop");

        Assert.Empty(probe.ConsoleErrors);
        Assert.Empty(probe.ForeignRequests);
    }

    [Fact]
    public async Task Widget_MarkdownAndSuggestedActions_RenderAndAnActionSendsItsValue()
    {
        await using var probe = await _fixture.Browser.NewPageAsync(_fixture.Host.BaseAddress);
        var page = probe.Page;
        await page.GotoAsync(_fixture.Host.BaseAddress.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Open chat with IndBot" }).ClickAsync();
        var dialog = page.Locator("#indbot-panel");
        await Expect(Bubble(dialog, EchoBot.Welcome)).ToBeVisibleAsync(); // connected

        await page.Locator(SendBox).FillAsync("markdown");
        await page.Keyboard.PressAsync("Enter");
        await Expect(dialog.Locator("strong", new() { HasText = "bold" })).ToBeVisibleAsync();
        await Expect(dialog.GetByRole(AriaRole.Link, new() { Name = "link" })).ToBeVisibleAsync();

        await page.Locator(SendBox).FillAsync("menu");
        await page.Keyboard.PressAsync("Enter");
        await dialog.Locator(".webchat__suggested-action").Filter(new() { HasText = "Option two" }).ClickAsync();

        await Expect(Bubble(dialog, "Echo: Option two")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Widget_KeyboardOnly_TabEnterTypeEnterEscape()
    {
        await using var probe = await _fixture.Browser.NewPageAsync(_fixture.Host.BaseAddress);
        var page = probe.Page;
        await page.GotoAsync(_fixture.Host.BaseAddress.ToString());
        var launcher = page.GetByRole(AriaRole.Button, new() { Name = "Open chat with IndBot" });
        await Expect(launcher).ToBeVisibleAsync();

        var reached = false;
        for (var i = 0; i < 40 && !reached; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached = await page.EvaluateAsync<bool>("() => document.activeElement?.id === 'indbot-launcher'");
        }

        Assert.True(reached, "Tab never reached the chat button");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(SendBox)).ToBeFocusedAsync();
        await Expect(launcher).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(Bubble(page.Locator("#indbot-panel"), EchoBot.Welcome)).ToBeVisibleAsync(); // connected
        await page.Keyboard.TypeAsync("typed by keyboard");
        await page.Keyboard.PressAsync("Enter");
        await Expect(Bubble(page.Locator("body"), "Echo: typed by keyboard")).ToBeVisibleAsync();

        await page.Keyboard.PressAsync("Escape");

        await Expect(page.Locator("#indbot-panel")).ToBeHiddenAsync();
        await Expect(launcher).ToBeFocusedAsync();
        await Expect(launcher).ToHaveAttributeAsync("aria-expanded", "false");
    }

    [Fact]
    public async Task Widget_CloseButton_HasAccessibleNameAndReturnsFocus()
    {
        await using var probe = await _fixture.Browser.NewPageAsync(_fixture.Host.BaseAddress);
        var page = probe.Page;
        await page.GotoAsync(_fixture.Host.BaseAddress.ToString());
        var launcher = page.GetByRole(AriaRole.Button, new() { Name = "Open chat with IndBot" });
        await launcher.ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Close chat" }).ClickAsync();

        await Expect(page.Locator("#indbot-panel")).ToBeHiddenAsync();
        await Expect(launcher).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Widget_At360Pixels_IsFullScreenWithoutHorizontalScrolling()
    {
        await using var probe = await _fixture.Browser.NewPageAsync(_fixture.Host.BaseAddress, width: 360, height: 740);
        var page = probe.Page;
        await page.GotoAsync(_fixture.Host.BaseAddress.ToString());
        Assert.True(await NoHorizontalScrollAsync(page), "the page scrolls sideways at 360 px");

        await page.GetByRole(AriaRole.Button, new() { Name = "Open chat with IndBot" }).ClickAsync();
        var dialog = page.Locator("#indbot-panel");
        await Expect(Bubble(dialog, EchoBot.Welcome)).ToBeVisibleAsync();
        await page.Locator(SendBox).FillAsync("a fairly long question that should wrap nicely inside the narrow chat panel");
        await page.Keyboard.PressAsync("Enter");
        await Expect(Bubble(dialog, "Echo: a fairly long question")).ToBeVisibleAsync();

        var box = await dialog.BoundingBoxAsync();
        Assert.Equal(360, box!.Width, 1);
        Assert.Equal(740, box.Height, 1);
        Assert.True(await NoHorizontalScrollAsync(page), "the page scrolls sideways with the chat open");
        await probe.ScreenshotAsync("widget-360px");
    }

    [Fact]
    public async Task Widget_DutchBrowser_UsesDutchTextsAndLocale()
    {
        await using var probe = await _fixture.Browser.NewPageAsync(_fixture.Host.BaseAddress, locale: "nl-NL");
        var page = probe.Page;
        await page.GotoAsync(_fixture.Host.BaseAddress.ToString());

        await page.GetByRole(AriaRole.Button, new() { Name = "Open de chat met IndBot" }).ClickAsync();

        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "IndBot – IND-assistent" });
        await Expect(Bubble(dialog, EchoBot.WelcomeNl)).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sluit de chat" })).ToBeVisibleAsync();
    }

    /// <summary>A message bubble (Web Chat also repeats the text in hidden screen-reader labels, so match the bubble itself).</summary>
    internal static ILocator Bubble(ILocator scope, string text) =>
        scope.Locator(".webchat__bubble__content").Filter(new() { HasText = text }).Last;

    private static Task<bool> NoHorizontalScrollAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth");
}
