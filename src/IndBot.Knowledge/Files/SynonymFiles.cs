namespace IndBot.Knowledge.Files;

/// <summary>Reads <c>synonyms/&lt;language&gt;.txt</c>, one per language; the rules are parsed (and checked) with the analysis.</summary>
internal static class SynonymFiles
{
    public static List<SynonymFile> Read(string root, List<KnowledgeProblem> problems)
    {
        var files = new List<SynonymFile>();
        foreach (var language in Languages.All)
        {
            var name = $"synonyms/{language}.txt";
            var path = Path.Combine(root, name);
            if (!File.Exists(path))
            {
                problems.Add(new KnowledgeProblem(name, 0, "the synonym file is missing"));
                continue;
            }

            files.Add(new SynonymFile(language, name, File.ReadAllText(path)));
        }

        return files;
    }
}
