using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using IndBot.Answers.Retrieval;
using IndBot.Answers.Text;
using IndBot.Knowledge;
using Lucene.Net.Index;

namespace IndBot.Benchmarks;

/// <summary>
/// Lucene's own fuzzy matching (FuzzyTermsEnum: prefix 1, 1 edit, 2 for words of 8+ letters, transpositions; best
/// boost, ties to the higher doc frequency), as the reference that <c>KnowledgeIndex.Correct</c> must agree with.
/// </summary>
public static class LuceneCorrector
{
    public static string? Correct(IndexReader reader, string word)
    {
        if (word.Length < 4 || !word.All(char.IsLetter) || MultiFields.GetTerms(reader, KnowledgeIndex.PlainField) is not { } terms)
        {
            return null;
        }

        var fuzzy = new Lucene.Net.Search.FuzzyTermsEnum(terms, new Lucene.Net.Util.AttributeSource(), new Term(KnowledgeIndex.PlainField, word), word.Length >= 8 ? 2 : 1, 1, true);
        var boost = fuzzy.Attributes.AddAttribute<Lucene.Net.Search.IBoostAttribute>();
        string? best = null;
        var (bestBoost, bestFreq) = (float.MinValue, 0);
        while (fuzzy.MoveNext())
        {
            var candidate = fuzzy.Term.Utf8ToString();
            if (candidate.Length >= 3 && (boost.Boost > bestBoost || (boost.Boost == bestBoost && fuzzy.DocFreq > bestFreq)))
            {
                (best, bestBoost, bestFreq) = (candidate, boost.Boost, fuzzy.DocFreq);
            }
        }

        return best;
    }
    /// <summary>Compares with KnowledgeIndex.Correct on every word of the eval questions plus synthetic typos of them.</summary>
    internal static void Check()
    {
        using var index = KnowledgeIndex.Build(KnowledgeLoader.Load(Paths.Knowledge));
        var words = File.ReadLines(Path.Combine(Paths.Knowledge, "eval", "corpus", "train", "team", "messages.tsv"))
            .Where(l => !l.StartsWith('#') && l.Contains('\t'))
            .SelectMany(l => UserText.Words(UserText.Clean(l.Split('\t')[^1])))
            .Distinct().ToList();
        var typos = words.Where(w => w.Length >= 4).SelectMany(w => new[]
        {
            w.Remove(w.Length / 2, 1),
            w[..1] + w[2] + w[1] + w[3..],
            w.Insert(w.Length / 2, "e"),
            w[..(w.Length - 1)] + "x",
            w.Remove(1, 1).Remove(w.Length - 3, 1),
        }).Distinct().ToList();
        var all = words.Concat(typos).Distinct().Where(w => !index.IsKnownWord(w)).ToList();

        var mismatches = all.Where(w => index.Correct(w, "en") != LuceneCorrector.Correct(index.Reader, w)).ToList();
        Console.WriteLine($"Unknown words checked: {all.Count}; mismatches: {mismatches.Count}");
        foreach (var w in mismatches.Take(20))
        {
            Console.WriteLine($"  {w}: lucene={LuceneCorrector.Correct(index.Reader, w) ?? "null"} index={index.Correct(w, "en") ?? "null"}");
        }

        foreach (var (name, corrector) in new (string, Func<string, string?>)[] { ("Lucene FuzzyTermsEnum", w => LuceneCorrector.Correct(index.Reader, w)), ("KnowledgeIndex.Correct", w => index.Correct(w, "en")) })
        {
            for (var warm = 0; warm < 2; warm++)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                var start = Stopwatch.GetTimestamp();
                foreach (var w in all)
                {
                    corrector(w);
                }

                var elapsed = Stopwatch.GetElapsedTime(start);
                if (warm == 1)
                {
                    Console.WriteLine($"{name}: {elapsed.TotalMicroseconds / all.Count:F1} µs/word, {(GC.GetAllocatedBytesForCurrentThread() - before) / all.Count} B/word");
                }
            }
        }
    }
}

/// <summary>KnowledgeIndex.Correct against Lucene's FuzzyTermsEnum. Run with --filter '*Corrector*'.</summary>
[MemoryDiagnoser]
public class CorrectorBenchmarks
{
    private KnowledgeIndex _index = null!;

    [GlobalSetup]
    public void Setup()
    {
        _index = KnowledgeIndex.Build(KnowledgeLoader.Load(Paths.Knowledge));
    }

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    [Benchmark(Baseline = true)]
    public string? Lucene() => LuceneCorrector.Correct(_index.Reader, "fingreprints");

    [Benchmark]
    public string? Index() => _index.Correct("fingreprints", "en");
}
