using System.Security.Cryptography;
using System.Text;
using IndBot.Answers.Decisions;
using IndBot.Answers.Evaluation;
using IndBot.Knowledge;
using IndBot.Snapshots;

namespace IndBot.Staff;

/// <summary>One figure row of a run: a language, "all", or a category.</summary>
public sealed record QuestionSetRow(string Group, EvalScore Score);

/// <summary>
/// A message the run got wrong, or one it got right that the last run missed. <see cref="Key"/> names the message
/// without its text (file, language, context and message hashed), so the kept run holds no uploaded message.
/// </summary>
public sealed record QuestionSetMiss(string Key, string File, int Line, string Language, string Category, string Expected, string Got, string Message);

/// <summary>What a run leaves in memory for the next one: figures and the keys of its misses, never a message.</summary>
public sealed record QuestionSetSummary(string Source, DateTimeOffset At, string Staff, int Messages, IReadOnlyList<QuestionSetRow> Languages, IReadOnlyList<QuestionSetRow> Categories, IReadOnlySet<string> MissKeys);

/// <summary>A finished run: its summary, its misses (with messages, for this page only) and the last run before it.</summary>
public sealed record QuestionSetResult(QuestionSetSummary Summary, IReadOnlyList<QuestionSetMiss> Misses, IReadOnlyList<QuestionSetMiss> Fixed, QuestionSetSummary? Previous)
{
    /// <summary>Misses the last run did not have (every miss when there was no last run).</summary>
    public IEnumerable<QuestionSetMiss> New => Previous is null ? [] : Misses.Where(m => !Previous.MissKeys.Contains(m.Key));
}

/// <summary>
/// Runs a question set (the corpus' dev split or an uploaded file) against the live knowledge, at the corpus' time,
/// one run at a time; keeps the last run's summary in memory (per process, lost at a restart; nothing on disk).
/// </summary>
public sealed class QuestionSetRunner(KnowledgeState knowledge)
{
    public const string DevSource = "the dev split";

    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly object _gate = new();
    private QuestionSetSummary? _last;

    public QuestionSetSummary? Last
    {
        get
        {
            lock (_gate)
            {
                return _last;
            }
        }
    }

    /// <summary>The outcome of a run request: a result, or a short problem for the page (busy, not loaded, no messages).</summary>
    public sealed record Outcome(QuestionSetResult? Result, string? Problem, int Status);

    /// <summary>Runs the corpus' dev split (<paramref name="upload"/> null) or the uploaded lines.</summary>
    public async Task<Outcome> RunAsync(Upload? upload, string staff, CancellationToken cancellationToken)
    {
        if (!await _one.WaitAsync(0, cancellationToken))
        {
            return new(null, "Another question set is running; try again when it is done.", StatusCodes.Status409Conflict);
        }

        try
        {
            // The snapshot is held for the whole run: a reload (a phrasing just taught) disposes the old index only after it.
            if (knowledge.Acquire() is not { } snapshot)
            {
                return new(null, "The knowledge is not loaded yet; try again in a moment.", StatusCodes.Status503ServiceUnavailable);
            }

            try
            {
                var (questions, source) = upload is null
                    ? (Dev(snapshot.Knowledge), DevSource)
                    : (upload.Questions, upload.Name);
                if (questions.Count == 0)
                {
                    return new(null, "There are no messages to run.", StatusCodes.Status400BadRequest);
                }

                // The corpus' "now" (Wednesday 2 December 2026, 14:00 in Amsterdam), as `eval` uses, over the live index and model.
                var engine = snapshot.Engine is AnswerEngine live ? live.AtTime(new FixedClock(EvalRunner.CorpusTime)) : snapshot.Engine;
                var outcomes = await Task.Run(() => EvalRunner.Run(engine, questions), cancellationToken);
                return new(Finish(source, staff, outcomes, snapshot.Knowledge.RootPath), null, StatusCodes.Status200OK);
            }
            finally
            {
                knowledge.Release(snapshot);
            }
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>The figures as <c>eval</c> prints them: per language and all, then per category.</summary>
    public static (IReadOnlyList<QuestionSetRow> Languages, IReadOnlyList<QuestionSetRow> Categories) Figures(IReadOnlyList<EvalOutcome> outcomes)
    {
        var languages = Languages.All.Append("all").Select(l => new QuestionSetRow(l, EvalRunner.Score(outcomes, l))).ToList();
        var categories = outcomes.Select(o => o.Question.Category).Distinct().Order(StringComparer.Ordinal)
            .Select(c => new QuestionSetRow(c, EvalRunner.Score(outcomes, c, o => o.Question.Category == c))).ToList();
        return (languages, categories);
    }

    private static IReadOnlyList<EvalQuestion> Dev(KnowledgeBase knowledge) =>
        EvalCorpus.Load(knowledge.RootPath, EvalCorpus.Dev, knowledge).Questions;

    private QuestionSetResult Finish(string source, string staff, IReadOnlyList<EvalOutcome> outcomes, string knowledgeRoot)
    {
        var (languages, categories) = Figures(outcomes);
        var rows = outcomes.Select(o => (Outcome: o, Row: Row(o, knowledgeRoot))).ToList();
        var misses = rows.Where(r => !r.Outcome.Correct).Select(r => r.Row).ToList();
        var summary = new QuestionSetSummary(source, DateTimeOffset.UtcNow, staff, outcomes.Count, languages, categories, misses.Select(m => m.Key).ToHashSet(StringComparer.Ordinal));
        lock (_gate)
        {
            var previous = _last;
            _last = summary;
            var fixedNow = previous is null
                ? []
                : rows.Where(r => r.Outcome.Correct && previous.MissKeys.Contains(r.Row.Key)).Select(r => r.Row).ToList();
            return new QuestionSetResult(summary, misses, fixedNow, previous);
        }
    }

    private static QuestionSetMiss Row(EvalOutcome outcome, string knowledgeRoot)
    {
        var q = outcome.Question;
        var file = Path.IsPathRooted(q.File) ? Path.GetRelativePath(EvalCorpus.SplitPath(knowledgeRoot, EvalCorpus.Dev), q.File).Replace('\\', '/') : q.File;
        var expected = q.Expected + (q.Verdict is { } v ? " " + v : "");
        return new QuestionSetMiss(Key(file, q), file, q.Line, q.Language, q.Category, expected, outcome.Got, q.Question);
    }

    /// <summary>The same message in the same file, wherever its line moved and whatever its label became.</summary>
    private static string Key(string file, EvalQuestion question)
    {
        var text = string.Join('\n', [question.Language, .. question.Context, question.Question]);
        return file + "#" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 12);
    }

    /// <summary>An uploaded file's messages (read, checked and never written anywhere).</summary>
    public sealed record Upload(string Name, IReadOnlyList<EvalQuestion> Questions);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
