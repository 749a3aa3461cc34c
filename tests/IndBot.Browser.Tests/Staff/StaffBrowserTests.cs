using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IndBot.Browser.Tests.Staff;

/// <summary>The staff pages in Chromium against the real host: what a staff member sees and can do.</summary>
public sealed class StaffBrowserTests : IClassFixture<StaffFixture>
{
    private const string BotBubbles = ".webchat__stacked-layout:not(.webchat__stacked-layout--from-user) .webchat__bubble__content";
    private readonly StaffFixture _fixture;

    public StaffBrowserTests(StaffFixture fixture) => _fixture = fixture;

    private Uri Url(string path) => new(_fixture.Host.BaseAddress, path);

    [Fact]
    public async Task TestPane_AQuestion_ShowsTheWebChatReplyAndTheDecision()
    {
        await using var probe = await _fixture.Browser.NewPageAsync(_fixture.Host.BaseAddress);
        var page = probe.Page;
        await page.GotoAsync(Url("staff").ToString());

        await page.GetByLabel("Question").FillAsync("When do I give my fingerprints?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask" }).ClickAsync();

        await Expect(page.Locator(BotBubbles).Filter(new() { HasText = "biometric" })).ToBeVisibleAsync();
        var decision = page.GetByLabel("Decision");
        await Expect(decision).ToContainTextAsync("answer");
        await Expect(decision).ToContainTextAsync("biometrics");
        await Expect(page.Locator("#decision table")).ToContainTextAsync("biometrics");
        await AssertNoAxeViolationsAsync(page, "staff-test-pane");
        Assert.Empty(probe.ConsoleErrors);
    }

    [Fact]
    public async Task TestPane_ConversationMode_AnswersAFollowUpAndButtonsAskThroughThePane()
    {
        await using var probe = await _fixture.Browser.NewPageAsync(_fixture.Host.BaseAddress);
        var page = probe.Page;
        await page.GotoAsync(Url("staff").ToString());

        await page.GetByLabel("Question").FillAsync("Where is the Zwolle desk?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask" }).ClickAsync();
        await Expect(page.GetByLabel("Decision")).ToContainTextAsync("desk-zwolle");
        await page.GetByLabel("Question").FillAsync("and on Friday?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask" }).ClickAsync();

        await Expect(page.Locator("#ask-status")).ToHaveTextAsync("Answered: answer.");
        await Expect(page.GetByLabel("Decision")).ToContainTextAsync("desk-zwolle");

        await page.GetByRole(AriaRole.Button, new() { Name = "New conversation" }).ClickAsync();
        await page.GetByLabel("Question").FillAsync("travel");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask" }).ClickAsync();
        await Expect(page.GetByLabel("Decision")).ToContainTextAsync("clarification");
        await page.Locator(".webchat__suggested-action").First.ClickAsync();
        await Expect(page.Locator("#ask-status")).ToHaveTextAsync("Answered: answer.");
    }

    [Fact]
    public async Task TestPane_Teams_ShowsTheTeamsCard()
    {
        await using var probe = await _fixture.Browser.NewPageAsync(_fixture.Host.BaseAddress);
        var page = probe.Page;
        await page.GotoAsync(Url("staff").ToString());

        await page.GetByLabel("Channel").SelectOptionAsync("Teams");
        await page.GetByLabel("Question").FillAsync("travel");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask" }).ClickAsync();
        await Expect(page.GetByLabel("Decision")).ToContainTextAsync("clarification");
        await probe.ScreenshotAsync("staff-teams");

        await Expect(page.Locator("#chat .ac-adaptiveCard button").First).ToBeVisibleAsync();
        await Expect(page.Locator("#chat .webchat__suggested-action")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task QuestionSet_ASmallUpload_ShowsTheFiguresAndTheMiss()
    {
        await using var probe = await _fixture.Browser.NewPageAsync(_fixture.Host.BaseAddress);
        var page = probe.Page;
        await page.GotoAsync(Url("staff").ToString());
        await page.GetByRole(AriaRole.Link, new() { Name = "Question set" }).ClickAsync();

        var upload = page.GetByRole(AriaRole.Form, new() { Name = "Run an uploaded file" });
        await upload.GetByLabel("Question file").SetInputFilesAsync(new FilePayload
        {
            Name = "small.tsv",
            MimeType = "text/tab-separated-values",
            Buffer = System.Text.Encoding.UTF8.GetBytes("biometrics\ten\t-\t-\tWhen do I give my fingerprints?\nbiometrics\ten\t-\t-\tWhere is the Zwolle desk?\n"),
        });
        await upload.GetByRole(AriaRole.Button, new() { Name = "Run the file" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("2 messages from small.tsv");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("1 miss.");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Per language" }).GetByRole(AriaRole.Row, new() { Name = "all" })).ToContainTextAsync("1 (50.0 %)");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Misses (1)" })).ToContainTextAsync("Where is the Zwolle desk?");
        await AssertNoAxeViolationsAsync(page, "staff-question-set");
        Assert.True(probe.ConsoleErrors.Count == 0, string.Join("\n", probe.ConsoleErrors));
    }

    internal static async Task AssertNoAxeViolationsAsync(IPage page, string screenshot)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Infrastructure.BrowserFixture.ArtifactsDirectory, screenshot + ".png"), FullPage = true });
        var result = await page.RunAxe();
        Assert.True(result.Violations.Length == 0, string.Join("\n", result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")));
    }
}

/// <summary>Teaching and the other pages; a class of its own (its own host and knowledge copy), since it changes the knowledge.</summary>
public sealed class StaffTeachingBrowserTests : IClassFixture<StaffFixture>
{
    private readonly StaffFixture _fixture;

    public StaffTeachingBrowserTests(StaffFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Missed_AcceptingASuggestion_ChangesTheLiveAnswer()
    {
        await using var probe = await _fixture.Browser.NewPageAsync(_fixture.Host.BaseAddress);
        var page = probe.Page;
        await page.GotoAsync(new Uri(_fixture.Host.BaseAddress, "staff").ToString());
        await page.GetByLabel("Question").FillAsync(StaffFixture.MissedQuestion);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask" }).ClickAsync();
        await Expect(page.Locator("#ask-status")).ToHaveTextAsync("Answered: fallback.");

        await page.GetByRole(AriaRole.Link, new() { Name = "What visitors missed" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Unanswered questions" })).ToBeVisibleAsync();
        await Expect(page.Locator("svg.chart")).ToBeVisibleAsync();
        await StaffBrowserTests.AssertNoAxeViolationsAsync(page, "staff-missed");
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Teach: " + StaffFixture.MissedQuestion });
        await form.GetByLabel("alien-passport", new() { Exact = false }).CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The bot answers with it now.");
        await StaffBrowserTests.AssertNoAxeViolationsAsync(page, "staff-teach");
        await page.GetByRole(AriaRole.Link, new() { Name = "Try it in the test pane" }).ClickAsync();
        await page.Locator("#ask-form[data-ready]").WaitForAsync();
        await page.GetByLabel("Question").FillAsync(StaffFixture.MissedQuestion);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask" }).ClickAsync();
        await Expect(page.Locator("#ask-status")).ToHaveTextAsync("Answered: answer.");
        await Expect(page.GetByLabel("Decision")).ToContainTextAsync("alien-passport");

        await page.GotoAsync(new Uri(_fixture.Host.BaseAddress, "staff/changes").ToString());
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = StaffFixture.MissedQuestion, Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "local (loopback)" })).ToBeVisibleAsync();
        await StaffBrowserTests.AssertNoAxeViolationsAsync(page, "staff-changes");
        Assert.True(probe.ConsoleErrors.Count == 0, string.Join("\n", probe.ConsoleErrors));
    }
}
