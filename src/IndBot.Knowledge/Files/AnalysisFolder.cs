namespace IndBot.Knowledge.Files;

/// <summary>Reads the word lists of <c>analysis/&lt;name&gt;.&lt;language&gt;.txt</c> (stop words, stem overrides, compound parts), one word a line.</summary>
internal static class AnalysisFolder
{
    public static List<WordList> Read(string root, List<KnowledgeProblem> problems)
    {
        var lists = new List<WordList>();
        var folder = Path.Combine(root, "analysis");
        if (!Directory.Exists(folder))
        {
            return lists;
        }

        foreach (var path in Directory.EnumerateFiles(folder, "*.txt").Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(root, path).Replace('\\', '/');
            var nameParts = Path.GetFileNameWithoutExtension(path).Split('.');
            if (nameParts.Length != 2 || !Languages.IsSupported(nameParts[1]))
            {
                problems.Add(new KnowledgeProblem(name, 0, "word lists are named <name>.<language>.txt, for example stopwords.en.txt"));
                continue;
            }

            var lines = File.ReadAllLines(path)
                .Select((text, i) => (Line: i + 1, Text: text.Trim()))
                .Where(l => l.Text.Length > 0 && !l.Text.StartsWith('#'))
                .ToList();
            lists.Add(new WordList(nameParts[0], nameParts[1], name, lines));
        }

        return lists;
    }
}
