using System.Globalization;
using System.Text.RegularExpressions;
using IndBot.Knowledge.Yaml;

namespace IndBot.Knowledge.Files;

/// <summary>Reads <c>faq/*.yaml</c>, one entry per file: id equal to the file name, both languages, alternates, source, reviewed date.</summary>
internal static partial class FaqFolder
{
    public const string Name = "faq";

    public static List<FaqEntry> Read(string root, TopicIds ids, List<KnowledgeProblem> problems)
    {
        var folder = Path.Combine(root, Name);
        var entries = new List<FaqEntry>();
        if (!Directory.Exists(folder))
        {
            problems.Add(new KnowledgeProblem(Name, 0, "the folder of FAQ entries is missing"));
            return entries;
        }

        foreach (var path in Directory.EnumerateFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            var (doc, file) = YamlFile.Read<FaqDocument>(root, Path.GetRelativePath(root, path).Replace('\\', '/'), problems);
            if (doc is not null && Entry(doc, file, Path.GetFileNameWithoutExtension(path)) is { } entry)
            {
                entries.Add(entry);
                ids.Declare(entry.Id, file.Name, entry.Location.Line);
                var related = YamlFile.Child(file.Root, "related");
                for (var i = 0; i < entry.Related.Count; i++)
                {
                    ids.Relate(entry.Related[i], file.Name, YamlFile.LineOf(YamlFile.Item(related, i)));
                }
            }
        }

        if (entries.Count == 0 && !problems.Any(p => p.File.StartsWith(Name, StringComparison.Ordinal)))
        {
            problems.Add(new KnowledgeProblem(Name, 0, "there are no FAQ entries"));
        }

        return entries;
    }

    private static FaqEntry? Entry(FaqDocument doc, YamlFile file, string expectedId)
    {
        var idLine = Math.Max(1, YamlFile.LineOf(file.Root, "id"));
        int LineOf(string key) => Math.Max(idLine, YamlFile.LineOf(file.Root, key));
        var id = doc.Id?.Trim() ?? "";
        if (id.Length == 0)
        {
            file.Problem(idLine, "the entry has no id");
            return null;
        }

        if (!IdPattern().IsMatch(id))
        {
            file.Problem(idLine, $"the id '{id}' may only hold lower-case letters, digits and '-'");
        }
        else if (id != expectedId)
        {
            file.Problem(idLine, $"the id '{id}' differs from the file name '{expectedId}'");
        }

        var reviewed = DateOnly.MinValue;
        if (string.IsNullOrWhiteSpace(doc.Reviewed))
        {
            file.Problem(idLine, "the entry has no last-reviewed date (reviewed: yyyy-MM-dd)");
        }
        else if (!DateOnly.TryParseExact(doc.Reviewed.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out reviewed))
        {
            file.Problem(YamlFile.LineOf(file.Root, "reviewed"), $"the reviewed date '{doc.Reviewed}' is not a date like 2026-11-25");
        }

        if (string.IsNullOrWhiteSpace(doc.Source))
        {
            file.Problem(idLine, "the entry does not name its source (source: the seed file name)");
        }

        var question = file.Text(LineOf("question"), "the question", doc.Question, YamlFile.Child(file.Root, "question"));
        var alternates = file.List(LineOf("alternates"), "the entry", doc.Alternates, KnowledgeLoader.MinimumAlternates);
        return new FaqEntry
        {
            Id = id,
            Title = file.Text(LineOf("title"), "the title", doc.Title, YamlFile.Child(file.Root, "title")),
            Question = question,
            Answer = file.Text(LineOf("answer"), "the answer", doc.Answer, YamlFile.Child(file.Root, "answer")),
            Phrasings = WithFirst(question, alternates),
            Related = doc.Related?.Select(r => r.Trim()).ToList() ?? [],
            Source = doc.Source?.Trim() ?? "",
            SourceNotes = doc.SourceNotes?.Trim(),
            Reviewed = reviewed,
            Location = new SourceLocation(file.Name, idLine),
        };
    }

    /// <summary>The question first, then the alternates.</summary>
    private static LocalizedList WithFirst(LocalizedText first, LocalizedList rest) =>
        new(Languages.All.ToDictionary(
            l => l,
            l => (IReadOnlyList<string>)(first.Has(l) ? rest[l].Prepend(first[l]).ToList() : rest[l].ToList())));

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();
}
