using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using IndBot.Answers.Retrieval;
using IndBot.Answers.Text;
using IndBot.Knowledge;
using Lucene.Net.Index;

namespace IndBot.Benchmarks;

/// <summary>
/// Prototype of a replacement for <c>KnowledgeIndex.Correct</c> (proposed patch in bench/RESULTS.md): the same result
/// as Lucene's FuzzyTermsEnum (prefix 1, 1 edit, 2 for words of 8+ letters, transpositions; best similarity
/// 1 − edits / min(length), ties to the higher doc frequency, then the first term in index order), but a scan of a
/// precomputed vocabulary with an allocation-free bounded Damerau (OSA) distance instead of building Levenshtein
/// automata per word.
/// </summary>
public sealed class FastCorrector
{
    private readonly Dictionary<char, (string Term, int Freq)[]> _byFirst;

    public FastCorrector(IndexReader reader, string field)
    {
        var terms = new List<(string Term, int Freq)>();
        var e = MultiFields.GetTerms(reader, field)?.GetEnumerator();
        while (e is not null && e.MoveNext())
        {
            terms.Add((e.Term.Utf8ToString(), e.DocFreq));
        }

        // Index order is UTF-8 byte order, which ordinal order matches for these (BMP) words.
        _byFirst = terms.Where(t => t.Term.Length >= 3)
            .GroupBy(t => t.Term[0])
            .ToDictionary(g => g.Key, g => g.OrderBy(t => t.Term, StringComparer.Ordinal).ToArray());
    }

    public string? Correct(string word)
    {
        if (word.Length < 4 || !word.All(char.IsLetter) || !_byFirst.TryGetValue(word[0], out var bucket))
        {
            return null;
        }

        var maxEdits = word.Length >= 8 ? 2 : 1;
        string? best = null;
        var (bestSimilarity, bestFreq) = (float.MinValue, 0);
        foreach (var (term, freq) in bucket)
        {
            if (Math.Abs(term.Length - word.Length) > maxEdits)
            {
                continue;
            }

            var edits = Distance(word.AsSpan(1), term.AsSpan(1), maxEdits);
            if (edits > maxEdits)
            {
                continue;
            }

            var similarity = 1.0f - ((float)edits / Math.Min(term.Length, word.Length));
            if (similarity <= 0)
            {
                continue;
            }

            if (similarity > bestSimilarity || (similarity == bestSimilarity && freq > bestFreq))
            {
                (best, bestSimilarity, bestFreq) = (term, similarity, freq);
            }
        }

        return best;
    }

    /// <summary>Optimal-string-alignment distance, or max + 1 as soon as it must exceed max.</summary>
    private static int Distance(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max)
    {
        if (a.Length > 62 || b.Length > 62)
        {
            return max + 1;
        }

        Span<int> previous2 = stackalloc int[b.Length + 1];
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            if (rowMin > max)
            {
                return max + 1;
            }

            var recycled = previous2;
            previous2 = previous;
            previous = current;
            current = recycled;
        }

        return previous[b.Length];
    }

    /// <summary>Compares with KnowledgeIndex.Correct on every word of the eval questions plus synthetic typos of them.</summary>
    internal static void Check()
    {
        using var index = KnowledgeIndex.Build(KnowledgeLoader.Load(Paths.Knowledge));
        var fast = new FastCorrector(index.Reader, KnowledgeIndex.PlainField);
        var words = File.ReadLines(Path.Combine(Paths.Knowledge, "eval", "questions.tsv"))
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

        var mismatches = all.Where(w => index.Correct(w) != fast.Correct(w)).ToList();
        Console.WriteLine($"Unknown words checked: {all.Count}; mismatches: {mismatches.Count}");
        foreach (var w in mismatches.Take(20))
        {
            Console.WriteLine($"  {w}: lucene={index.Correct(w) ?? "null"} fast={fast.Correct(w) ?? "null"}");
        }

        foreach (var (name, corrector) in new (string, Func<string, string?>)[] { ("Lucene FuzzyTermsEnum", index.Correct), ("FastCorrector", fast.Correct) })
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

/// <summary>KnowledgeIndex.Correct against the prototype. Run with --filter '*Corrector*'.</summary>
[MemoryDiagnoser]
public class CorrectorBenchmarks
{
    private KnowledgeIndex _index = null!;
    private FastCorrector _fast = null!;

    [GlobalSetup]
    public void Setup()
    {
        _index = KnowledgeIndex.Build(KnowledgeLoader.Load(Paths.Knowledge));
        _fast = new FastCorrector(_index.Reader, KnowledgeIndex.PlainField);
    }

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    [Benchmark(Baseline = true)]
    public string? Lucene() => _index.Correct("fingreprints");

    [Benchmark]
    public string? Fast() => _fast.Correct("fingreprints");
}
