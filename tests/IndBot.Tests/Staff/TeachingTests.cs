using System.Net;
using System.Text.Json;
using IndBot.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace IndBot.Tests.Staff;

/// <summary>Teaching: a missed question becomes an alternate phrasing in knowledge/, checked first, live after the reload, and audited.</summary>
public sealed class TeachingTests
{
    private const string Missed = "stateless travel booklet";

    public sealed class Accepting : IClassFixture<Accepting.Factory>
    {
        private readonly Factory _factory;

        public Accepting(Factory factory) => _factory = factory;

        [Fact]
        public async Task Accept_ASuggestion_ChangesTheLiveAnswerAndIsAudited()
        {
            using var client = new StaffClient(_factory.CreateStaffClient("127.0.0.1"));
            var before = await client.AskAsync(Missed);
            Assert.Equal("fallback", before.GetProperty("decision").GetProperty("kind").GetString());
            await _factory.Services.GetRequiredService<IndBot.Feedback.IFeedbackStore>().AppendAsync(new() { At = DateTimeOffset.UtcNow, Kind = "fallback", Conversation = "x", Language = "en", Question = Missed });
            var missedPage = await client.GetPageAsync("/staff/missed");
            Assert.Contains("value=\"alien-passport\" checked", missedPage, StringComparison.Ordinal);

            using var accepted = await client.Http.PostAsync("/staff/teach", Form(missedPage, "alien-passport", "en", Missed));

            var html = await accepted.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            Assert.Contains("The bot answers with it now.", html, StringComparison.Ordinal);
            var after = await client.AskAsync(Missed);
            Assert.Equal("alien-passport", after.GetProperty("decision").GetProperty("entryId").GetString());
            Assert.Contains("    - " + Missed + "\n", await File.ReadAllTextAsync(Path.Combine(_factory.Knowledge.Current!.Knowledge.RootPath, "faq", "alien-passport.yaml")), StringComparison.Ordinal);

            var audit = JsonDocument.Parse(Assert.Single(await File.ReadAllLinesAsync(_factory.AuditPath))).RootElement;
            Assert.Equal("local (loopback)", audit.GetProperty("staff").GetString());
            Assert.Equal("alien-passport", audit.GetProperty("entryId").GetString());
            Assert.Equal(Missed, audit.GetProperty("phrasing").GetString());
            var changes = await client.GetPageAsync("/staff/changes");
            Assert.Contains(Missed, changes, StringComparison.Ordinal);
            var patch = await client.Http.GetStringAsync("/staff/changes.patch");
            Assert.Contains("+++ b/knowledge/faq/alien-passport.yaml", patch, StringComparison.Ordinal);
            Assert.Contains("\n+    - " + Missed + "\n", patch, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("no-such-entry", "en", "a phrasing", "Choose one of the suggested entries.")]
        [InlineData("alien-passport", "fr", "a phrasing", "Choose English or Dutch for the phrasing.")]
        [InlineData("alien-passport", "en", "", "Write the phrasing on one line")]
        [InlineData("alien-passport", "en", "mail me at jan@example.com", "personal data")]
        [InlineData("alien-passport", "en", "travel without passport", "is already a phrasing of alien-passport")]
        public async Task Accept_BadInput_IsRefusedAndNothingChanges(string entry, string language, string phrasing, string problem)
        {
            using var client = new StaffClient(_factory.CreateStaffClient("127.0.0.1"));
            var page = await client.GetPageAsync("/staff/changes");
            var file = Path.Combine(_factory.Knowledge.Current!.Knowledge.RootPath, "faq", "alien-passport.yaml");
            var before = await File.ReadAllTextAsync(file);

            using var response = await client.Http.PostAsync("/staff/teach", Form(page, entry, language, phrasing));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("Not added: the knowledge file is unchanged.", html, StringComparison.Ordinal);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(problem).Replace("&#39;", "&#x27;", StringComparison.Ordinal), html, StringComparison.Ordinal);
            Assert.Equal(before, await File.ReadAllTextAsync(file));
        }

        [Fact]
        public async Task Accept_WithoutTheFormToken_IsRefused()
        {
            using var client = _factory.CreateStaffClient("127.0.0.1");

            using var response = await client.PostAsync("/staff/teach", new FormUrlEncodedContent(new Dictionary<string, string> { ["entry"] = "alien-passport", ["language"] = "en", ["phrasing"] = "x y z" }));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("This page has expired", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        public sealed class Factory() : KnowledgeCopyFactory();
    }

    public sealed class BrokenKnowledge : IClassFixture<BrokenKnowledge.Factory>
    {
        private readonly Factory _factory;

        public BrokenKnowledge(Factory factory) => _factory = factory;

        [Fact]
        public async Task Accept_WhenTheEditedKnowledgeFailsTheChecks_ShowsTheProblemAndLeavesTheFile()
        {
            using var client = new StaffClient(_factory.CreateStaffClient("127.0.0.1"));
            var page = await client.GetPageAsync("/staff/changes");
            var file = Path.Combine(_factory.Knowledge.Current!.Knowledge.RootPath, "faq", "alien-passport.yaml");
            var reloaded = _factory.Knowledge.NextUpdateAsync();
            var broken = System.Text.RegularExpressions.Regex.Replace(await File.ReadAllTextAsync(file), "reviewed: .*", "reviewed: someday");
            await File.WriteAllTextAsync(file, broken);
            await reloaded.WaitAsync(TimeSpan.FromSeconds(30));

            using var response = await client.Http.PostAsync("/staff/teach", Form(page, "alien-passport", "en", Missed));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("Not added: the knowledge file is unchanged.", html, StringComparison.Ordinal);
            Assert.Contains("faq/alien-passport.yaml:", html, StringComparison.Ordinal);
            Assert.Equal(broken, await File.ReadAllTextAsync(file));
            Assert.False(File.Exists(_factory.AuditPath));
        }

        public sealed class Factory() : KnowledgeCopyFactory();
    }

    [Theory]
    [InlineData("when do i go", "when do i go")]
    [InlineData("question: what now", "\"question: what now\"")]
    [InlineData("yes", "\"yes\"")]
    [InlineData("- dash first", "\"- dash first\"")]
    [InlineData("say \"hi\" #1", "\"say \\\"hi\\\" #1\"")]
    public void Scalar_WritesYamlThatReadsBackTheSame(string phrasing, string expected)
    {
        Assert.Equal(expected, AlternateEditor.Scalar(phrasing));
    }

    [Fact]
    public void AddAlternate_AddsOneLineAtTheEndOfTheLanguagesList()
    {
        const string yaml = "id: x\nalternates:\n  en:\n    - one\n    - two\n  nl:\n    - een\nanswer:\n  en: a\n";

        var (edit, error) = AlternateEditor.AddAlternate(yaml, "en", "three", "knowledge/faq/x.yaml");

        Assert.Null(error);
        Assert.Equal("id: x\nalternates:\n  en:\n    - one\n    - two\n    - three\n  nl:\n    - een\nanswer:\n  en: a\n", edit!.Text);
        Assert.Equal(6, edit.Line);
        Assert.Equal("--- a/knowledge/faq/x.yaml\n+++ b/knowledge/faq/x.yaml\n@@ -3,6 +3,7 @@\n   en:\n     - one\n     - two\n+    - three\n   nl:\n     - een\n answer:\n", edit.Patch);
    }

    private static FormUrlEncodedContent Form(string page, string entry, string language, string phrasing)
    {
        var match = System.Text.RegularExpressions.Regex.Match(page, "<meta name=\"csrf-token\" content=\"([^\"]*)\">");
        return new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(match.Groups[1].Value),
            ["entry"] = entry,
            ["language"] = language,
            ["phrasing"] = phrasing,
        });
    }
}

/// <summary>Local staff access over a copy of knowledge/ that is watched, so an accepted phrasing reloads the index.</summary>
public class KnowledgeCopyFactory : StaffFactory
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "indbot-tests", Guid.NewGuid().ToString("N"));

    public KnowledgeCopyFactory()
        : this(Path.Combine(Folder, Guid.NewGuid().ToString("N")))
    {
    }

    private KnowledgeCopyFactory(string folder)
        : base(new Dictionary<string, string?>
        {
            ["Staff:LocalAccess"] = "true",
            ["Knowledge:Path"] = Copy(Path.Combine(folder, "knowledge")),
            ["Knowledge:Watch"] = "true",
            ["Staff:AuditPath"] = Path.Combine(folder, "audit.jsonl"),
        })
    {
        AuditPath = Path.Combine(folder, "audit.jsonl");
        _folder = folder;
    }

    private readonly string _folder;

    public string AuditPath { get; }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static string Copy(string to)
    {
        var from = KnowledgePath;
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }

        return to;
    }
}
