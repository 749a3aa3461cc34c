using System.Text;
using System.Text.Json;
using IndBot.Answers.Decisions;
using IndBot.Answers.Text;
using IndBot.Cli;
using IndBot.Feedback;
using IndBot.Knowledge;
using IndBot.Snapshots;
using Microsoft.Extensions.Options;

namespace IndBot.Staff;

/// <summary>One accepted change, as the audit log records it: who, when, what. No visitor data beyond the redacted phrasing.</summary>
public sealed record StaffChange(DateTimeOffset At, string Staff, string Action, string EntryId, string Language, string Phrasing, string File, int Line, string Patch);

/// <summary>An entry that a missed question probably belongs to, with the engine's probability.</summary>
public sealed record Suggestion(string EntryId, string Title, double Probability);

/// <summary>
/// Teaching: suggests entries for a missed question, and adds an accepted phrasing to the entry's file in knowledge/
/// once a copy of the whole knowledge with the edit passes the same checks as <c>check</c>. The knowledge loader's
/// watcher then reloads the index. Singleton: one edit at a time.
/// </summary>
public sealed class Teacher(KnowledgeState knowledge, IOptions<StaffOptions> options, IHostEnvironment environment, TimeProvider time)
{
    public const string AddAlternate = "add-alternate";
    public const int MaxPhrasingLength = 300;
    private const int MaxSuggestions = 3;
    private static readonly TimeSpan ReloadWait = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);

    public string AuditPath { get; } = FeedbackOptions.Resolve(options.Value.AuditPath, environment.ContentRootPath);

    /// <summary>The FAQ entries the engine ranks highest for the question (the entries a phrasing can be added to).</summary>
    public (string Language, IReadOnlyList<Suggestion> Entries) Suggest(string question, string? language)
    {
        if (knowledge.Acquire() is not { } snapshot)
        {
            return (language ?? Languages.English, []);
        }

        try
        {
            var decision = snapshot.Engine.Decide(new Question(question) { Locale = Locale(language) });
            return (decision.Language, decision.Candidates
                .Concat(decision.Options.Select(o => new Candidate(o.EntryId, o.Title, 0)))
                .Where(c => snapshot.Knowledge.Faqs.Any(f => f.Id == c.EntryId))
                .DistinctBy(c => c.EntryId)
                .Take(MaxSuggestions)
                .Select(c => new Suggestion(c.EntryId, c.Title, c.Score))
                .ToList());
        }
        finally
        {
            knowledge.Release(snapshot);
        }
    }

    public sealed record Outcome(StaffChange? Change, IReadOnlyList<string> Problems, bool Live);

    /// <summary>Adds <paramref name="phrasing"/> to <paramref name="entryId"/>'s alternates in <paramref name="language"/>; the file is unchanged unless every check passes.</summary>
    public async Task<Outcome> AcceptAsync(string? entryId, string? language, string? phrasing, string staff, CancellationToken cancellationToken)
    {
        phrasing = phrasing?.Trim() ?? string.Empty;
        if (knowledge.Current is not { } snapshot)
        {
            return Refused("The knowledge is not loaded yet; try again in a moment.");
        }

        if (snapshot.Knowledge.Faqs.FirstOrDefault(f => f.Id == entryId) is not { } entry)
        {
            return Refused("Choose one of the suggested entries.");
        }

        if (language is not (Languages.English or Languages.Dutch))
        {
            return Refused("Choose English or Dutch for the phrasing.");
        }

        if (phrasing.Length == 0 || phrasing.Length > MaxPhrasingLength || phrasing.Any(char.IsControl))
        {
            return Refused($"Write the phrasing on one line, 1 to {MaxPhrasingLength} characters.");
        }

        if (PersonalData.Redact(phrasing).Found || phrasing.Contains(PersonalData.Mask, StringComparison.Ordinal))
        {
            return Refused($"The phrasing holds personal data or the mark {PersonalData.Mask}; rewrite it without.");
        }

        if (entry.Phrasings[language].Any(p => string.Equals(p.Trim(), phrasing, StringComparison.OrdinalIgnoreCase)))
        {
            return Refused($"'{phrasing}' is already a phrasing of {entry.Id}.");
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var root = snapshot.Knowledge.RootPath;
            var relative = Path.Combine("faq", entry.Id + ".yaml");
            var file = Path.Combine(root, relative);
            var original = await File.ReadAllTextAsync(file, cancellationToken);
            var patchPath = "knowledge/" + relative.Replace('\\', '/');
            var (edit, error) = AlternateEditor.AddAlternate(original, language, phrasing, patchPath);
            if (edit is null)
            {
                return Refused(error!);
            }

            var problems = Check(root, relative, edit.Text);
            if (problems.Count > 0)
            {
                return new Outcome(null, problems, false);
            }

            var change = new StaffChange(time.GetUtcNow(), staff, AddAlternate, entry.Id, language, phrasing, relative.Replace('\\', '/'), edit.Line, edit.Patch);
            var reloaded = knowledge.NextUpdateAsync();
            var temporary = file + ".staff-edit";
            await File.WriteAllTextAsync(temporary, edit.Text, new UTF8Encoding(false), cancellationToken);
            File.Move(temporary, file, overwrite: true);
            await AppendAuditAsync(change, cancellationToken);

            // The loader's watcher picks the file up; say "live" only once the new index answers.
            var live = await Task.WhenAny(reloaded, Task.Delay(ReloadWait, time, cancellationToken)) == reloaded && knowledge.Problems.Count == 0;
            return new Outcome(change, [], live);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<StaffChange>> ChangesAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(AuditPath))
        {
            return [];
        }

        var changes = new List<StaffChange>();
        foreach (var line in await File.ReadAllLinesAsync(AuditPath, cancellationToken))
        {
            try
            {
                if (line.Trim().Length > 0 && JsonSerializer.Deserialize<StaffChange>(line, Json) is { } change)
                {
                    changes.Add(change);
                }
            }
            catch (JsonException)
            {
                // A torn or hand-edited line: the others still count.
            }
        }

        return changes;
    }

    /// <summary>Every accepted change as one patch, oldest first: <c>git apply</c> it to a clone for review.</summary>
    public static string Patch(IReadOnlyList<StaffChange> changes) =>
        string.Concat(changes.Select(c => $"# {c.At:yyyy-MM-dd HH:mm} UTC, {c.Staff}: {c.Action} '{c.Phrasing}' ({c.Language}) to {c.EntryId}\n{c.Patch}"));

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static string? Locale(string? language) => language switch { Languages.Dutch => "nl-NL", Languages.English => "en-US", _ => null };

    private static Outcome Refused(string problem) => new(null, [problem], false);

    /// <summary>The knowledge as it would be with the edit, checked in a copy as <c>check</c> does; problems name the file and line.</summary>
    private static IReadOnlyList<string> Check(string root, string relative, string text)
    {
        var copy = Directory.CreateTempSubdirectory("indbot-teach-").FullName;
        try
        {
            foreach (var directory in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories))
            {
                Directory.CreateDirectory(Path.Combine(copy, Path.GetRelativePath(root, directory)));
            }

            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                File.Copy(file, Path.Combine(copy, Path.GetRelativePath(root, file)));
            }

            File.WriteAllText(Path.Combine(copy, relative), text);
            return StaffCommandLine.Validate(copy).Select(p => p.ToString().Replace(copy + Path.DirectorySeparatorChar, "", StringComparison.Ordinal)).ToList();
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private async Task AppendAuditAsync(StaffChange change, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(AuditPath)!);
        await File.AppendAllTextAsync(AuditPath, JsonSerializer.Serialize(change, Json) + "\n", cancellationToken);
    }
}
