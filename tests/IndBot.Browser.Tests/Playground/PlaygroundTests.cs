using IndBot.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IndBot.Browser.Tests.Playground;

/// <summary>
/// IndBot in Microsoft's own Teams test client, the Agents Playground (personal chat in Teams mode), used as a person
/// would: one welcome on install, a desk card, a "Did you mean" button pressed, a follow-up question.
/// </summary>
public sealed class PlaygroundTests(PlaygroundFixture fixture) : IClassFixture<PlaygroundFixture>
{
    [Fact]
    public async Task TeamsPersonalChat_WelcomeDeskCardDidYouMeanAndFollowUp_AllWork()
    {
        await using var probe = await fixture.Browser.NewPageAsync(fixture.Address);
        var page = probe.Page;
        // Its only requests to the internet are fonts and an animation script: refused, the test runs offline.
        await page.RouteAsync(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme.StartsWith("http", StringComparison.Ordinal) && !uri.IsLoopback, route => route.AbortAsync());
        await page.GotoAsync(fixture.Address.ToString());

        // Install: the Playground sends conversationUpdate and installationUpdate; the bot welcomes once.
        await Expect(page.Locator("body")).ToContainTextAsync("installationUpdate 200");
        await Expect(page.Locator("body")).ToContainTextAsync("conversationUpdate 200");
        var starter = page.GetByRole(AriaRole.Button, new() { Name = "Where is the IND desk in Utrecht?" });
        await Expect(starter).ToBeVisibleAsync();
        await Expect(Welcomes(page)).ToHaveCountAsync(1);

        // "Did you mean" for a keyword that several topics hold ("travel"): a button press asks that question.
        await SendAsync(page, "travel");
        await Expect(page.GetByText("Did you mean").Last).ToBeVisibleAsync();
        var option = page.GetByRole(AriaRole.Button, new() { Name = "Travelling in Europe with a residence permit" });
        await option.ClickAsync();
        await Expect(page.GetByText("90 days in any 180-day period").Last).ToBeVisibleAsync();

        // A starter button of the welcome (Adaptive Card Action.Submit): the desk card.
        await starter.ClickAsync();
        await Expect(page.GetByText("Bergstraat 58").Last).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Opening hours" }).Last).ToBeVisibleAsync();

        // A follow-up: "it" is the Utrecht desk.
        await SendAsync(page, "and is it open on Friday?");
        await Expect(page.GetByText("IND Utrecht is open on Friday").Last).ToBeVisibleAsync();
        // Answers carry Teams' own feedback buttons.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Like" }).Last).ToBeVisibleAsync();
        await probe.ScreenshotAsync("playground-conversation");

        // No button the Playground could not press.
        await Expect(page.GetByText("is not supported yet")).ToHaveCountAsync(0);
        await Expect(Welcomes(page)).ToHaveCountAsync(1);
    }

    /// <summary>Welcome messages in the chat (the log panel repeats the start of each message: not counted).</summary>
    private static ILocator Welcomes(IPage page) =>
        page.GetByRole(AriaRole.Paragraph).Filter(new() { HasText = "I answer frequently asked questions about the IND" });

    private static async Task SendAsync(IPage page, string text)
    {
        var box = page.GetByRole(AriaRole.Textbox);
        await box.ClickAsync();
        await page.Keyboard.TypeAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send Message" }).ClickAsync();
    }
}
