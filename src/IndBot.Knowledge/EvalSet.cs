namespace IndBot.Knowledge;

/// <summary>The project's own question set: <c>expected&lt;TAB&gt;language&lt;TAB&gt;question</c> per line, <c>#</c> for comments.</summary>
public static class EvalSet
{
    /// <summary>The expected id of a question the bot must not answer confidently.</summary>
    public const string None = "none";

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

        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split('\t');
            if (parts.Length != 3 || parts.Any(p => p.Trim().Length == 0))
            {
                problems.Add(new KnowledgeProblem(file, lineNumber, "expected three tab-separated fields: expected id, language, question"));
                continue;
            }

            var (expected, language, question) = (parts[0].Trim(), parts[1].Trim(), parts[2].Trim());
            if (!Languages.IsSupported(language))
            {
                problems.Add(new KnowledgeProblem(file, lineNumber, $"unknown language '{language}' (use en or nl)"));
                continue;
            }

            if (knowledge is not null && expected != None && knowledge.Find(expected) is null)
            {
                problems.Add(new KnowledgeProblem(file, lineNumber, $"'{expected}' is not a known entry id"));
                continue;
            }

            questions.Add(new EvalQuestion(expected, language, question, lineNumber));
        }

        return (questions, problems);
    }
}
