namespace IndBot.Knowledge;

/// <summary>
/// A labelled question file: <c>expected&lt;TAB&gt;language&lt;TAB&gt;verdict&lt;TAB&gt;context&lt;TAB&gt;message</c> per line
/// (<c>-</c> for no verdict or context), or the short form <c>expected&lt;TAB&gt;language&lt;TAB&gt;message</c>;
/// <c>#</c> starts a comment line. The format is described in <c>knowledge/eval/corpus/BRIEF.md</c>.
/// </summary>
public static class EvalSet
{
    /// <summary>The expected label of a message the bot must not answer with an entry.</summary>
    public const string None = "none";

    /// <summary>The expected label of a message about a place that has no IND desk.</summary>
    public const string NoDeskHere = "no-desk-here";

    /// <summary>Prefix of a small-talk label: <c>smalltalk:thanks</c>.</summary>
    public const string SmallTalkPrefix = "smalltalk:";

    /// <summary>Joins earlier messages of a conversation in the context field.</summary>
    public const string ContextSeparator = " || ";

    public static (IReadOnlyList<EvalQuestion> Questions, IReadOnlyList<KnowledgeProblem> Problems) Load(string path, KnowledgeBase? knowledge = null)
    {
        var questions = new List<EvalQuestion>();
        var problems = new List<KnowledgeProblem>();
        var file = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            problems.Add(new KnowledgeProblem(file, 0, "the question file does not exist"));
            return (questions, problems);
        }

        var (q, p) = Parse(File.ReadLines(path), file, knowledge);
        questions.AddRange(q.Select(x => x with { File = path }));
        problems.AddRange(p);
        return (questions, problems);
    }

    /// <summary>
    /// The lines of a question file that is not on disk (an upload); <paramref name="file"/> names it in the problems
    /// and the questions' <see cref="EvalQuestion.File"/>.
    /// </summary>
    public static (IReadOnlyList<EvalQuestion> Questions, IReadOnlyList<KnowledgeProblem> Problems) Parse(IEnumerable<string> lines, string file, KnowledgeBase? knowledge = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var questions = new List<EvalQuestion>();
        var problems = new List<KnowledgeProblem>();
        var lineNumber = 0;
        foreach (var raw in lines)
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (Parse(line, knowledge, out var problem) is { } question)
            {
                questions.Add(question with { Line = lineNumber, File = file });
            }
            else
            {
                problems.Add(new KnowledgeProblem(file, lineNumber, problem!));
            }
        }

        return (questions, problems);
    }

    private static EvalQuestion? Parse(string line, KnowledgeBase? knowledge, out string? problem)
    {
        problem = null;
        var parts = line.Split('\t');
        if ((parts.Length != 3 && parts.Length != 5) || parts.Any(p => p.Trim().Length == 0))
        {
            problem = "expected five tab-separated fields (expected, language, verdict, context, message) or three (expected, language, message)";
            return null;
        }

        var (expected, language) = (parts[0].Trim(), parts[1].Trim());
        var (verdict, context) = parts.Length == 5 ? (parts[2].Trim(), parts[3].Trim()) : ("-", "-");
        if (!Languages.IsSupported(language))
        {
            problem = $"unknown language '{language}' (use en or nl)";
            return null;
        }

        if (verdict is not ("yes" or "no" or "-"))
        {
            problem = $"unknown verdict '{verdict}' (use yes, no or -)";
            return null;
        }

        var labels = expected.Split('+', StringSplitOptions.TrimEntries);
        if (labels.Length > 2 || labels.Any(l => l.Length == 0) || (labels.Length == 2 && labels.Any(l => l is None)))
        {
            problem = $"'{expected}' is not one label or two joined by '+'";
            return null;
        }

        if (knowledge is not null && labels.FirstOrDefault(l => !IsKnownLabel(l, knowledge)) is { } unknown)
        {
            problem = $"'{unknown}' is not a known entry id or label";
            return null;
        }

        return new EvalQuestion(expected, language, parts[^1].Trim(), 0)
        {
            Verdict = verdict == "-" ? null : verdict,
            Context = context == "-" ? [] : context.Split(ContextSeparator.Trim(), StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        };
    }

    private static bool IsKnownLabel(string label, KnowledgeBase knowledge) =>
        label is None or NoDeskHere
        || (label.StartsWith(SmallTalkPrefix, StringComparison.Ordinal) && knowledge.SmallTalk.Any(i => i.Id == label[SmallTalkPrefix.Length..]))
        || (knowledge.Find(label) is { } topic && topic.Kind != TopicKind.OutOfScope);
}

/// <summary>
/// The labelled question corpus under <c>knowledge/eval/corpus/</c>: one folder per writer, each in one split. Tuning
/// (alternates, synonyms, features, the decision model's operating point) reads <see cref="Train"/> and
/// <see cref="Dev"/> only; <see cref="Test"/> is scored, never tuned on.
/// </summary>
public static class EvalCorpus
{
    public const string Train = "train";
    public const string Dev = "dev";
    public const string Test = "test";

    public static IReadOnlyList<string> Splits { get; } = [Train, Dev, Test];

    /// <summary>The folder of a split.</summary>
    public static string SplitPath(string knowledgeRoot, string split) => Path.Combine(knowledgeRoot, "eval", "corpus", split);

    /// <summary>The message files of a split, one per writer, in a stable order.</summary>
    public static IReadOnlyList<string> Files(string knowledgeRoot, string split)
    {
        var folder = SplitPath(knowledgeRoot, split);
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder, "messages.tsv", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
            : [];
    }

    /// <summary>Every message of a split, with the problems of its files (paths relative to the knowledge folder).</summary>
    public static (IReadOnlyList<EvalQuestion> Questions, IReadOnlyList<KnowledgeProblem> Problems) Load(string knowledgeRoot, string split, KnowledgeBase? knowledge = null)
    {
        var questions = new List<EvalQuestion>();
        var problems = new List<KnowledgeProblem>();
        foreach (var file in Files(knowledgeRoot, split))
        {
            var relative = Path.GetRelativePath(knowledgeRoot, file).Replace('\\', '/');
            var (q, p) = EvalSet.Load(file, knowledge);
            questions.AddRange(q.Select(x => x with { Writer = WriterOf(file) }));
            problems.AddRange(p.Select(x => x with { File = relative }));
        }

        return (questions, problems);
    }

    /// <summary>The writer of a file: its folder's name.</summary>
    public static string WriterOf(string file) => Path.GetFileName(Path.GetDirectoryName(file)) ?? "";
}
