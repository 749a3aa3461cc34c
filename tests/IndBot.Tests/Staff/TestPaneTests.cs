using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace IndBot.Tests.Staff;

/// <summary>The test pane's API: the live engine's answer, rendered for the chosen channel, with the decision.</summary>
public sealed class TestPaneTests : IClassFixture<TestPaneTests.Factory>
{
    private readonly Factory _factory;

    public TestPaneTests(Factory factory) => _factory = factory;

    private StaffClient Client() => new(_factory.CreateStaffClient("127.0.0.1"));

    [Fact]
    public async Task Ask_AQuestion_AnswersWithTheReplyAndWhy()
    {
        using var client = Client();

        var result = await client.AskAsync("When do I give my fingerprints?");

        var decision = result.GetProperty("decision");
        Assert.Equal("answer", decision.GetProperty("kind").GetString());
        Assert.Equal("biometrics", decision.GetProperty("entryId").GetString());
        Assert.Equal("en", decision.GetProperty("language").GetString());
        var best = decision.GetProperty("candidates")[0];
        Assert.Equal("biometrics", best.GetProperty("entryId").GetString());
        Assert.True(best.GetProperty("features").EnumerateObject().Any());
        var reply = result.GetProperty("activities")[0];
        Assert.Equal("message", reply.GetProperty("type").GetString());
        Assert.Contains("biometric", reply.GetProperty("text").GetString()!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Ask_InDutch_AnswersInDutch()
    {
        using var client = Client();

        var result = await client.AskAsync("waar is het loket in Utrecht", language: "nl");

        Assert.Equal("nl", result.GetProperty("decision").GetProperty("language").GetString());
        Assert.Equal("nl-NL", result.GetProperty("activities")[0].GetProperty("locale").GetString());
    }

    [Fact]
    public async Task Ask_AFollowUpInConversationMode_KeepsTheDesk()
    {
        using var client = Client();

        var first = await client.AskAsync("Where is the Zwolle desk?");
        var followUp = await client.AskAsync("and its opening hours?", context: first.GetProperty("context").GetString());
        var alone = await client.AskAsync("and its opening hours?");

        Assert.Equal("desk-zwolle", followUp.GetProperty("decision").GetProperty("entryId").GetString());
        Assert.NotEqual("desk-zwolle", alone.GetProperty("decision").GetProperty("entryId").GetString());
    }

    [Fact]
    public async Task Ask_OnTeams_RendersButtonsAsACard()
    {
        using var client = Client();

        var webChat = await client.AskAsync("travel");
        var teams = await client.AskAsync("travel", channel: "msteams");

        Assert.Equal("clarification", teams.GetProperty("decision").GetProperty("kind").GetString());
        Assert.True(webChat.GetProperty("activities")[0].TryGetProperty("suggestedActions", out _));
        var teamsReply = teams.GetProperty("activities")[0];
        Assert.False(teamsReply.TryGetProperty("suggestedActions", out _));
        Assert.Equal("application/vnd.microsoft.card.adaptive", teamsReply.GetProperty("attachments")[0].GetProperty("contentType").GetString());
    }

    [Fact]
    public async Task Ask_WithPersonalData_ShowsItRedacted()
    {
        using var client = Client();

        var result = await client.AskAsync("my V-number is 1234567890, when do I give my fingerprints?");

        Assert.DoesNotContain("1234567890", result.GetProperty("decision").GetProperty("question").GetString()!, StringComparison.Ordinal);
        Assert.DoesNotContain(_factory.Logs.Logs, l => l.Message.Contains("1234567890", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"question":"","channel":"webchat"}""", "Type a question first.")]
    [InlineData("""{"question":"hi","channel":"skype"}""", "Choose Web Chat or Teams.")]
    [InlineData("""{"question":"hi","language":"fr"}""", "Choose English, Dutch or the detected language.")]
    [InlineData("""{"question":"hi","context":"{not json"}""", "The conversation could not be continued; start a new one.")]
    [InlineData("""{"question": """, "The request was not understood.")]
    public async Task Ask_BadInput_GetsAShortError(string body, string error)
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/staff/api/ask") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-CSRF-TOKEN", await TokenAsync(client));
        using var bad = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(error, (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Ask_WithoutTheAntiforgeryToken_IsRefused()
    {
        using var client = Client();
        await client.GetPageAsync("/staff");

        using var response = await client.Http.PostAsJsonAsync("/staff/api/ask", new { question = "hi" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("This page has expired; reload it and try again.", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Page_IsTheTestPane()
    {
        using var client = Client();

        var html = await client.GetPageAsync("/staff");

        Assert.Contains("<h1>Test pane</h1>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    private static async Task<string> TokenAsync(StaffClient client)
    {
        var html = await client.GetPageAsync("/staff");
        var start = html.IndexOf("name=\"csrf-token\" content=\"", StringComparison.Ordinal) + "name=\"csrf-token\" content=\"".Length;
        return System.Net.WebUtility.HtmlDecode(html[start..html.IndexOf('"', start)]);
    }

    public sealed class Factory() : StaffFactory(new Dictionary<string, string?> { ["Staff:LocalAccess"] = "true" });
}
