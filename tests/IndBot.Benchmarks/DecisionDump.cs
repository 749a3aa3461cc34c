using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using IndBot.Answers.Decisions;
using IndBot.Answers.Retrieval;
using IndBot.Knowledge;

namespace IndBot.Benchmarks;

/// <summary>
/// Prints every decision of knowledge/eval/questions.tsv and bench/messages.lua (kind, entry, confidence, candidates)
/// and the raw retrieval of each question in both languages (every match with full-precision confidence, coverage and
/// BM25), with the search cache on and off: diff the output before and after a change to retrieval to prove that
/// nothing changed.
/// </summary>
internal static partial class DecisionDump
{
    public static void Run()
    {
        var knowledge = KnowledgeLoader.Load(Paths.Knowledge);
        using var index = KnowledgeIndex.Build(knowledge);
        var model = DecisionModel.TryLoad(DecisionModel.Folder(knowledge.RootPath)).Model ?? throw new InvalidOperationException("run 'train' first");
        var (questions, _) = EvalSet.Load(Path.Combine(Paths.Knowledge, "eval", "corpus", "train", "team", "messages.tsv"), knowledge);
        var lua = File.ReadAllText(Path.Combine(Path.GetDirectoryName(Paths.Knowledge)!, "bench", "messages.lua"));
        var texts = questions.Select(q => (Locale: (string?)null, Text: q.Question))
            .Concat(QuestionLine().Matches(lua).Select(m => (Locale: (string?)m.Groups[1].Value, Text: m.Groups[2].Value)))
            .ToList();

        // Tuesday 10:00 in Amsterdam (winter): a fixed clock so the dump does not depend on when it runs.
        var clock = new FixedClock(new DateTimeOffset(2026, 1, 13, 9, 0, 0, TimeSpan.Zero));
        var output = new StringBuilder();
        foreach (var cacheSize in new[] { 0, 4096 })
        {
            var engine = new AnswerEngine(index, clock, model, new EngineOptions { SearchCacheSize = cacheSize });
            for (var pass = 0; pass < 2; pass++)
            {
                output.Append(CultureInfo.InvariantCulture, $"## cache {cacheSize} pass {pass}\n");
                foreach (var (locale, text) in texts)
                {
                    var d = engine.Decide(new Question(text) { Locale = locale });
                    output.Append(CultureInfo.InvariantCulture,
                        $"{d.Kind}\t{d.EntryId}\t{Math.Round(d.Confidence, 6):F6}\t{string.Join(',', d.Candidates.Select(c => $"{c}"))}\t{string.Join(',', d.Options.Select(o => o.EntryId))}\t{d.Language}\t{string.Join('+', d.Answers.Select(a => a.Topic.Id))}\t{text}\n");
                }
            }
        }

        output.Append("## retrieval\n");
        foreach (var (_, text) in texts)
        {
            foreach (var language in Languages.All)
            {
                foreach (var weight in new[] { 1.0, 0.85 })
                {
                    var r = Retriever.Search(index, text.ToLowerInvariant(), language, weight);
                    output.Append(CultureInfo.InvariantCulture, $"{language} {weight} {r.ContentWords} {r.UnknownWords} {r.OutOfScopeWords} | {text}\n");
                    foreach (var m in r.Matches)
                    {
                        output.Append(CultureInfo.InvariantCulture, $"  {m.Topic.Id} {m.Confidence:R} {m.QueryCoverage:R} {m.Bm25:R} {m.Phrasing}\n");
                    }
                }
            }
        }

        Console.Out.Write(output.ToString());
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [GeneratedRegex("""\{ "((?:en|nl)-[A-Z]{2})", "([^"]+)" \}""")]
    private static partial Regex QuestionLine();
}
