using IndBot.Browser.Tests.Infrastructure;
using Deque.AxeCore.Playwright;
using Xunit.Abstractions;
using Microsoft.Playwright;
using static IndBot.Browser.Tests.Browser.WidgetBrowserTests;
using static Microsoft.Playwright.Assertions;

namespace IndBot.Browser.Tests.Browser;

/// <summary>The demo page of the real IndBot host, end to end: page → widget → Direct Line → bot → answer in the browser.</summary>
public sealed class IndBotBrowserTests : IClassFixture<IndBotFixture>
{
    private const string SendBox = "[data-id=webchat-sendbox-input]";
    private const string BotBubbles = ".webchat__stacked-layout:not(.webchat__stacked-layout--from-user) .webchat__bubble__content";
    private readonly IndBotFixture _fixture;
    private readonly ITestOutputHelper _output;

    public IndBotBrowserTests(IndBotFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public async Task Widget_StreamsReplies_OverTheWebSocketWithoutPolling()
    {
        await using var probe = await _fixture.Browser.NewPageAsync(_fixture.Host.BaseAddress);
        var page = probe.Page;
        var sockets = new List<string>();
        var polls = new List<string>();
        page.WebSocket += (_, socket) => sockets.Add(socket.Url);
        page.Request += (_, request) =>
        {
            if (request.Method == "GET" && request.Url.Contains("/activities", StringComparison.Ordinal))
            {
                polls.Add(request.Url);
            }
        };
        // For the breakdown only: when each stream message arrived in the page, and what it held.
        await page.AddInitScriptAsync(StreamRecorder);
        var panel = await OpenWidgetAsync(page);

        // In the page: when Enter was pressed, and when a new bot bubble appeared (MutationObserver, no polling).
        await page.EvaluateAsync("""
            () => {
              const t = window.__latency = { sent: [], received: [], seen: document.querySelectorAll('BOT').length };
              document.addEventListener('keydown', e => { if (e.key === 'Enter') t.sent.push(performance.now()); }, true);
              new MutationObserver(() => {
                const n = document.querySelectorAll('BOT').length;
                if (n > t.seen) { t.seen = n; t.received.push(performance.now()); }
              }).observe(document.body, { childList: true, subtree: true });
            }
            """.Replace("BOT", BotBubbles, StringComparison.Ordinal));

        // The first question warms up (JIT in the bot, first renders in Web Chat) and is not counted.
        string[] questions =
        [
            "What is the IND phone number?",
            "When do I give my fingerprints?", "Can I call the IND from abroad?", "Where is the IND desk in Zwolle?",
            "Do I need an appointment for the desk?", "Is the Rotterdam desk open on Thursday afternoon?", "How do I contact the IND?",
            "Where is the IND desk in Utrecht?", "Is the Utrecht desk open on Friday?", "Can I travel to France with my residence permit?",
            "Has the IND received my application?", "Where is the desk in Den Haag?", "Waar is het IND-loket in Amsterdam?",
            "How long does a decision take?", "Is IND Den Bosch open on Monday morning?", "What can I ask you?",
        ];
        var samples = new List<LatencySample>();
        for (var i = 0; i < questions.Length; i++)
        {
            await page.Locator(SendBox).FillAsync(questions[i]);
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForFunctionAsync($"() => window.__latency.sent.length > {i} && window.__latency.received.some(r => r > window.__latency.sent[{i}])");
            var sample = await page.EvaluateAsync<LatencySample>(SampleScript.Replace("INDEX", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
            if (i > 0)
            {
                samples.Add(sample);
            }
        }

        var visible = samples.Select(s => s.Visible).Order().ToList();
        var report = string.Join("\n",
            $"Reply visible in the widget after sending (stream, {visible.Count} questions after one warm-up): median {Median(visible):0} ms, min {visible[0]:0} ms, max {visible[^1]:0} ms",
            $"  Enter → Web Chat starts the POST: median {Median(samples.Select(s => s.Post)):0} ms",
            $"  POST started → the echo of the question on the socket: median {Median(samples.Select(s => s.Echo)):0} ms",
            $"  POST started → the bot's typing on the socket: {Typing(samples)}",
            $"  POST started → the bot's answer on the socket: median {Median(samples.Select(s => s.Answer)):0} ms",
            $"  the answer on the socket → its bubble in the DOM: median {Median(samples.Select(s => s.Render)):0} ms",
            $"  POST started → its response (the turn done): median {Median(samples.Select(s => s.Response)):0} ms");
        _output.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(BrowserFixture.ArtifactsDirectory, "reply-latency.txt"), report + "\n");

        var socket = Assert.Single(sockets);
        Assert.StartsWith(_fixture.Host.BaseAddress.ToString().Replace("http://", "ws://", StringComparison.Ordinal) + "v3/directline/conversations/", socket, StringComparison.Ordinal);
        Assert.Empty(polls);
        Assert.Empty(probe.ConsoleErrors);
    }

    /// <summary>Wraps the page's WebSocket to note, per stream message, when it arrived and which activities it held (user:message, bot:typing…).</summary>
    private const string StreamRecorder = """
        (() => {
          const frames = window.__streamFrames = [];
          const Native = window.WebSocket;
          window.WebSocket = class extends Native {
            constructor(...args) {
              super(...args);
              this.addEventListener('message', e => {
                const at = performance.now();
                let kinds = [];
                try { kinds = (JSON.parse(e.data).activities || []).map(a => (a.from && a.from.role === 'user' ? 'user:' : 'bot:') + a.type); } catch { }
                frames.push({ at, kinds });
              });
            }
          };
        })();
        """;

    /// <summary>One question's times (ms): Enter → bubble, and the steps between, from the stream recorder and the POST's resource timing (the socket's times are when the page handled each message).</summary>
    private const string SampleScript = """
        () => {
          const t = window.__latency, sent = t.sent[INDEX];
          const bubble = t.received.find(r => r > sent);
          const post = performance.getEntriesByType('resource').find(e => e.name.endsWith('/activities') && e.startTime > sent);
          const frame = kind => (window.__streamFrames.find(f => f.at > sent && f.kinds.includes(kind)) || { at: NaN }).at;
          const start = post ? post.startTime : NaN;
          const answer = frame('bot:message');
          return { visible: bubble - sent, post: start - sent, echo: frame('user:message') - start, typing: frame('bot:typing') - start, answer: answer - start,
                   render: bubble - answer, response: post ? post.responseEnd - start : NaN };
        }
        """;

    private static string Typing(List<LatencySample> samples)
    {
        var typed = samples.Where(s => !double.IsNaN(s.Typing)).ToList();
        return typed.Count == 0 ? $"none in {samples.Count} questions" : $"in {typed.Count} of {samples.Count} questions, median {Median(typed.Select(s => s.Typing)):0} ms";
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
    }

    private sealed class LatencySample
    {
        public double Visible { get; set; }

        public double Post { get; set; }

        public double Echo { get; set; }

        public double Typing { get; set; }

        public double Answer { get; set; }

        public double Render { get; set; }

        public double Response { get; set; }
    }

    [Fact]
    public async Task StaffPages_WithoutSignInConfigured_AreNotThere()
    {
        await using var probe = await _fixture.Browser.NewPageAsync(_fixture.Host.BaseAddress);

        // An empty 404 is Chromium's own error page, which Playwright reports as a failed navigation: ask through the page's context.
        var page = await probe.Page.APIRequest.GetAsync(new Uri(_fixture.Host.BaseAddress, "staff").ToString());
        var api = await probe.Page.APIRequest.PostAsync(new Uri(_fixture.Host.BaseAddress, "staff/api/ask").ToString(), new() { DataObject = new { question = "hi" } });

        Assert.Equal(404, page.Status);
        Assert.Equal(404, api.Status);
        Assert.DoesNotContain("Test pane", await page.TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Widget_OpenWithDeskAnswers_HasNoAxeViolations()
    {
        await using var probe = await _fixture.Browser.NewPageAsync(_fixture.Host.BaseAddress);
        var page = probe.Page;
        var panel = await OpenWidgetAsync(page);

        // Two desk cards (each with a map link and a toggle), an answer with feedback buttons, a "Did you mean".
        foreach (var (question, shown) in new[]
        {
            ("Where is the IND desk in Utrecht?", "Bergstraat 58"), ("Is the Utrecht desk open on Friday?", "Bergstraat 58"),
            ("When do I give my fingerprints?", "biometric"), ("where are the IND desks?", "IND Zwolle"),
        })
        {
            var before = await panel.Locator(BotBubbles).CountAsync();
            await page.Locator(SendBox).FillAsync(question);
            await page.Keyboard.PressAsync("Enter");
            await Expect(panel.Locator(BotBubbles)).Not.ToHaveCountAsync(before);
            await Expect(Bubble(panel, shown)).ToBeVisibleAsync();
        }

        await Expect(panel.Locator(".webchat__suggested-action").First).ToBeVisibleAsync();
        await probe.ScreenshotAsync("indbot-axe");

        var result = await page.RunAxe();

        Assert.True(result.Violations.Length == 0, string.Join("\n", result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")));
    }

    [Fact]
    public async Task DeskAnswer_InTheWidget_ShowsNameAddressAndTodayOnScreenAndTheWeekAndServicesOnRequest()
    {
        await using var probe = await _fixture.Browser.NewPageAsync(_fixture.Host.BaseAddress);
        var page = probe.Page;
        var panel = await OpenWidgetAsync(page);

        await page.Locator(SendBox).FillAsync("Is the Rotterdam desk open on Thursday afternoon?");
        await page.Keyboard.PressAsync("Enter");

        // After Web Chat scrolled to the bottom, the verdict, the desk's name, address and today's hours are in view.
        var card = panel.Locator(".ac-adaptiveCard").Last;
        await Expect(card).ToBeVisibleAsync();
        await Expect(Bubble(panel, "IND Rotterdam is open on Thursday only")).ToBeInViewportAsync();
        await Expect(card.GetByText("IND Rotterdam", new() { Exact = true })).ToBeInViewportAsync();
        await Expect(card.GetByText("Conradstraat 28", new() { Exact = false })).ToBeInViewportAsync();
        await Expect(card.GetByText("Today")).ToBeInViewportAsync();
        var wednesday = card.GetByText("Wednesday");
        await Expect(wednesday).ToBeHiddenAsync();
        await probe.ScreenshotAsync("indbot-desk-card");

        var fingerprints = card.GetByText("Have your fingerprints taken");
        await Expect(fingerprints).ToBeHiddenAsync();

        await card.GetByRole(AriaRole.Button, new() { Name = "Opening hours" }).ClickAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Services" }).ClickAsync();

        await Expect(wednesday).ToBeVisibleAsync();
        await Expect(fingerprints).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Answer_InTheWidget_HasFeedbackButtonsThatRecordAVote()
    {
        await using var probe = await _fixture.Browser.NewPageAsync(_fixture.Host.BaseAddress);
        var page = probe.Page;
        var feedbackEvent = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/activities", StringComparison.Ordinal) && request.PostData?.Contains("\"type\":\"event\"", StringComparison.Ordinal) == true)
            {
                feedbackEvent.TrySetResult(request.PostData);
            }
        };
        var panel = await OpenWidgetAsync(page);
        await page.Locator(SendBox).FillAsync("When do I give my fingerprints?");
        await page.Keyboard.PressAsync("Enter");
        await Expect(Bubble(panel, "biometric")).ToBeVisibleAsync();

        // No "Was this helpful?" card: Web Chat's own thumbs under the answer.
        await Expect(panel.GetByText("Was this helpful?")).ToHaveCountAsync(0);
        var like = panel.Locator(".webchat__thumb-button").First;
        await Expect(like).ToBeVisibleAsync();
        await like.ClickAsync();

        var posted = await feedbackEvent.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Contains("webchat:activity-status/feedback", posted, StringComparison.Ordinal);
        Assert.Contains("indbot:feedback/en/biometrics", posted, StringComparison.Ordinal);
        Assert.Contains("LikeAction", posted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Widget_WithoutWebSockets_PollsAndStillAnswers()
    {
        await using var probe = await _fixture.Browser.NewPageAsync(_fixture.Host.BaseAddress);
        var page = probe.Page;
        var polls = 0;
        page.Request += (_, request) =>
        {
            if (request.Method == "GET" && request.Url.Contains("/activities", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref polls);
            }
        };
        // A browser (or an embedding page's sandbox) without WebSockets.
        await page.AddInitScriptAsync("window.WebSocket = undefined;");
        var panel = await OpenWidgetAsync(page);

        await page.Locator(SendBox).FillAsync("Where is the IND desk in Utrecht?");
        await page.Keyboard.PressAsync("Enter");

        await Expect(Bubble(panel.Locator(".webchat__stacked-layout:not(.webchat__stacked-layout--from-user)"), "Bergstraat 58")).ToBeVisibleAsync();
        Assert.True(polls > 0, "the widget did not poll");
    }

    [Fact]
    public async Task StandardWebChat_WithDefaultSettings_GetsTheWelcomeAndAnswers()
    {
        await using var probe = await _fixture.Browser.NewPageAsync(_fixture.Host.BaseAddress);
        var page = probe.Page;
        // A site's own page with Web Chat as its documentation shows it: a token from the bot, createDirectLine with
        // the bot's domain and otherwise default options (WebSocket on), renderWebChat.
        var pageUrl = new Uri(_fixture.Host.BaseAddress, "/standard-webchat.html").ToString();
        await page.RouteAsync(pageUrl, route => route.FulfillAsync(new() { ContentType = "text/html", Body = """
            <!DOCTYPE html><html lang="en"><head><title>Standard Web Chat</title><script src="/dist/webchat.js"></script></head>
            <body><main><div id="webchat" style="height: 600px"></div></main><script>
              fetch('/api/directline/token', { method: 'POST' }).then(r => r.json()).then(({ token }) => {
                window.WebChat.renderWebChat({ directLine: window.WebChat.createDirectLine({ token, domain: location.origin + '/v3/directline' }) },
                  document.getElementById('webchat'));
              });
            </script></body></html>
            """ }));
        var sockets = 0;
        page.WebSocket += (_, _) => Interlocked.Increment(ref sockets);
        await page.GotoAsync(pageUrl);
        var chat = page.Locator("#webchat");
        await Expect(Bubble(chat, "I answer frequently asked questions about the IND")).ToBeVisibleAsync();

        await page.Locator(SendBox).FillAsync("What is the IND phone number?");
        await page.Keyboard.PressAsync("Enter");

        await Expect(Bubble(chat, "088 0430 430")).ToBeVisibleAsync();
        Assert.Equal(1, sockets);
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
        // Its appsettings.json is read too: ASP.NET Core's per-request lines are at Warning there, so not in the log.
        Assert.DoesNotContain("Request starting", _fixture.Host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoPage_AskForUtrechtDesk_ShowsItsAddress()
    {
        await using var probe = await _fixture.Browser.NewPageAsync(_fixture.Host.BaseAddress);
        var page = probe.Page;
        var panel = await OpenWidgetAsync(page);

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
        var panel = await OpenWidgetAsync(page);

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

    /// <summary>Opens the demo page and the chat widget, and waits for the welcome; returns the widget's panel.</summary>
    private async Task<ILocator> OpenWidgetAsync(IPage page)
    {
        await page.GotoAsync(_fixture.Host.BaseAddress.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Open chat with IndBot" }).ClickAsync();
        var panel = page.Locator("#indbot-panel");
        await Expect(panel.Locator(".webchat__bubble__content").First).ToBeVisibleAsync(); // the welcome
        return panel;
    }
}
