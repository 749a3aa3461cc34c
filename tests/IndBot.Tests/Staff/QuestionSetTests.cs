using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using IndBot.Knowledge;
using IndBot.Tests.Infrastructure;

namespace IndBot.Tests.Staff;

/// <summary>"Question set": the dev split or an uploaded file run against the live knowledge, with the difference from the last run.</summary>
public sealed partial class QuestionSetTests : IClassFixture<QuestionSetTests.Factory>
{
    private const string Fingerprints = "biometrics\ten\t-\t-\tWhen do I give my fingerprints?";
    private const string ZwolleWrong = "biometrics\ten\t-\t-\tWhere is the Zwolle desk?";
    private const string ZwolleRight = "desk-zwolle\ten\t-\t-\tWhere is the Zwolle desk?";
    private const string PhoneWrong = "travel-schengen\ten\t-\t-\tWhat is the phone number of the IND?";

    private readonly Factory _factory;

    public QuestionSetTests(Factory factory) => _factory = factory;

    [Fact]
    public async Task RunDev_ShowsTheFiguresPerLanguageAndCategoryAndEveryMiss()
    {
        using var client = new StaffClient(_factory.CreateStaffClient("127.0.0.1"));
        var page = await client.GetPageAsync("/staff/missed");
        Assert.Contains("<a href=\"/staff/questions\">Question set</a>", page, StringComparison.Ordinal);

        using var response = await client.Http.PostAsync("/staff/questions", Form(await client.GetPageAsync("/staff/questions"), "dev"));

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var dev = EvalCorpus.Load(IndBotFactory.KnowledgePath, EvalCorpus.Dev).Questions;
        Assert.Contains($"{dev.Count} messages from the dev split", html, StringComparison.Ordinal);
        foreach (var group in new[] { "en", "nl", "all", "follow-up", "out of scope", "small talk" })
        {
            Assert.Contains($"<th scope=\"row\">{group}</th>", html, StringComparison.Ordinal);
        }

        var misses = int.Parse(MissCount().Match(html).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(misses > 0, "the dev split has misses");
        var missTable = html[html.IndexOf("<h3 id=\"misses\">", StringComparison.Ordinal)..];
        missTable = missTable[..missTable.IndexOf("</table>", StringComparison.Ordinal)];
        Assert.Equal(misses, MissRow().Matches(missTable).Count);
        Assert.Contains("kept in this server process", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_TwoLinesOneWronglyLabelled_ShowsOneMiss()
    {
        using var client = new StaffClient(_factory.CreateStaffClient("127.0.0.1"));

        using var response = await UploadAsync(client, "two-lines.tsv", Fingerprints, ZwolleWrong);

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("2 messages from two-lines.tsv", html, StringComparison.Ordinal);
        Assert.Contains("<h3 id=\"misses\">Misses (1)</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<td>two-lines.tsv:2</td><td>en</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>biometrics</td><td>answer desk-zwolle</td><td>Where is the Zwolle desk?</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>When do I give my fingerprints?</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecondRun_ShowsWhatChangedSinceTheLastRun()
    {
        using var client = new StaffClient(_factory.CreateStaffClient("127.0.0.1"));
        using var first = await UploadAsync(client, "changes.tsv", Fingerprints, ZwolleWrong);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var second = await UploadAsync(client, "changes.tsv", Fingerprints, ZwolleRight, PhoneWrong);

        var html = await second.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("Compared with the last run: 2 messages from changes.tsv", html, StringComparison.Ordinal);
        var all = html[html.IndexOf("<th scope=\"row\">all</th>", StringComparison.Ordinal)..];
        all = all[..all.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains("3<br><span class=\"change\">up 1</span>", all, StringComparison.Ordinal);
        Assert.Contains("2 (66.7 %)<br><span class=\"change\">up 16.7 pt</span>", all, StringComparison.Ordinal);
        Assert.Contains("<h3 id=\"new-misses\">New since last run (1)</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<td>changes.tsv:3</td><td>en</td><td>", html, StringComparison.Ordinal);
        Assert.Contains("<h3 id=\"fixed\">Fixed since last run (1)</h3>", html, StringComparison.Ordinal);
        var fixedTable = html[html.IndexOf("<h3 id=\"fixed\">", StringComparison.Ordinal)..];
        Assert.Contains("<td>desk-zwolle</td><td>answer desk-zwolle</td><td>Where is the Zwolle desk?</td>", fixedTable, StringComparison.Ordinal);
        Assert.DoesNotContain("What is the phone number", fixedTable, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("biometrics\ten\tWhen do I give my fingerprints?\textra", "Line 1: expected five tab-separated fields")]
    [InlineData("# a heading\nno-such-label\ten\t-\t-\thello", "Line 2: &#x27;no-such-label&#x27; is not a known entry id or label")]
    [InlineData("biometrics\tfr\t-\t-\tbonjour", "Line 1: unknown language")]
    [InlineData("# only a comment", "The file has no messages")]
    [InlineData("", "Choose a question file to upload")]
    public async Task Upload_BadFile_IsRefusedWithTheProblem(string content, string problem)
    {
        using var client = new StaffClient(_factory.CreateStaffClient("127.0.0.1"));

        using var response = await UploadAsync(client, "bad.tsv", content);

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<div role=\"alert\" class=\"panel\">", html, StringComparison.Ordinal);
        Assert.Contains(problem, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<h2 id=\"result\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_TooLargeOrTooManyLines_IsRefused()
    {
        using var client = new StaffClient(_factory.CreateStaffClient("127.0.0.1"));
        var large = string.Join('\n', Enumerable.Repeat(Fingerprints + " " + new string('x', 200), 6000));
        var lines = string.Join('\n', Enumerable.Repeat(Fingerprints, 5001));

        using var tooLarge = await UploadAsync(client, "large.tsv", large);
        using var tooMany = await UploadAsync(client, "lines.tsv", lines);

        Assert.Equal(HttpStatusCode.BadRequest, tooLarge.StatusCode);
        Assert.Contains("The file is too large: at most 1 MB and 5,000 lines.", await tooLarge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("The file has too many lines: at most 5,000.", await tooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithoutTheFormToken_IsRefused()
    {
        using var client = new StaffClient(_factory.CreateStaffClient("127.0.0.1"));
        await client.GetPageAsync("/staff/questions");

        using var response = await client.Http.PostAsync("/staff/questions", new FormUrlEncodedContent(new Dictionary<string, string> { ["source"] = "dev" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("This page has expired", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuestionSet_FromAnotherMachine_IsRefused()
    {
        using var client = _factory.CreateStaffClient("203.0.113.7");

        using var get = await client.GetAsync("/staff/questions");
        using var post = await client.PostAsync("/staff/questions", new FormUrlEncodedContent(new Dictionary<string, string> { ["source"] = "dev" }));

        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.DoesNotContain("Question set", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> UploadAsync(StaffClient client, string name, params string[] lines)
    {
        var page = await client.GetPageAsync("/staff/questions");
        var content = new MultipartFormDataContent
        {
            { new StringContent(Token(page)), "__RequestVerificationToken" },
            { new StringContent("upload"), "source" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(string.Join('\n', lines))), "file", name },
        };
        return await client.Http.PostAsync("/staff/questions", content);
    }

    private static FormUrlEncodedContent Form(string page, string source) =>
        new(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token(page), ["source"] = source });

    private static string Token(string page) => WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value);

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]*)\">")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<h3 id=\"misses\">Misses \\((\\d+)\\)</h3>")]
    private static partial Regex MissCount();

    [GeneratedRegex("<tr><td>[^<]+messages\\.tsv:\\d+</td>")]
    private static partial Regex MissRow();

    public sealed class Factory() : StaffFactory(new Dictionary<string, string?> { ["Staff:LocalAccess"] = "true" });
}
