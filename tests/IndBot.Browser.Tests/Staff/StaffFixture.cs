using IndBot.Browser.Tests.Infrastructure;

namespace IndBot.Browser.Tests.Staff;

/// <summary>
/// Chromium plus the real host with local staff access (the browser comes from 127.0.0.1), answering from a copy of
/// knowledge/ that the teaching test may change, with a feedback file of visitor questions written before it starts.
/// </summary>
public sealed class StaffFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("indbot-staff-").FullName;

    public StaffFixture()
    {
        KnowledgePath = Path.Combine(_folder, "knowledge");
        FeedbackPath = Path.Combine(_folder, "feedback.jsonl");
        Host = new IndBotProcessHost(new Dictionary<string, string>
        {
            ["Staff__LocalAccess"] = "true",
            ["Knowledge__Path"] = KnowledgePath,
            ["Feedback__Path"] = FeedbackPath,
            ["Staff__AuditPath"] = Path.Combine(_folder, "audit.jsonl"),
        });
    }

    public BrowserFixture Browser { get; } = new();

    public IndBotProcessHost Host { get; }

    public string KnowledgePath { get; }

    public string FeedbackPath { get; }

    /// <summary>Visitor questions in the feedback file: one the bot does not answer yet (for the teaching test).</summary>
    public const string MissedQuestion = "stateless travel booklet";

    public async Task InitializeAsync()
    {
        CopyFolder(Path.Combine(RepoPaths.Root, "knowledge"), KnowledgePath);
        var at = DateTimeOffset.UtcNow.AddDays(-1).ToString("O");
        await File.WriteAllLinesAsync(FeedbackPath,
        [
            $$"""{"at":"{{at}}","kind":"fallback","conversation":"c1","language":"en","question":"{{MissedQuestion}}","topCandidate":"alien-passport"}""",
            $$"""{"at":"{{at}}","kind":"fallback","conversation":"c2","language":"en","question":"{{MissedQuestion}}!","topCandidate":"alien-passport"}""",
            $$"""{"at":"{{at}}","kind":"clarification","conversation":"c3","language":"en","question":"travel","options":["travel-schengen","return-visa"]}""",
            $$"""{"at":"{{at}}","kind":"choice","conversation":"c3","language":"en","question":"travel","entryId":"travel-schengen"}""",
            $$"""{"at":"{{at}}","kind":"vote","conversation":"c4","language":"en","entryId":"biometrics","helpful":false}""",
        ]);
        await Host.InitializeAsync();
        await Browser.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Host.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }
}
