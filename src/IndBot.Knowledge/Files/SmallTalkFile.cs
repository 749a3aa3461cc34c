using IndBot.Knowledge.Yaml;

namespace IndBot.Knowledge.Files;

/// <summary>Reads <c>smalltalk.yaml</c>: intents with their phrasings and replies, ids used once.</summary>
internal static class SmallTalkFile
{
    public const string Name = "smalltalk.yaml";

    public static List<SmallTalkIntent> Read(string root, List<KnowledgeProblem> problems)
    {
        var (doc, file) = YamlFile.Read<SmallTalkDocument>(root, Name, problems);
        var intents = new List<SmallTalkIntent>();
        var firstLines = new Dictionary<string, int>(StringComparer.Ordinal);
        var intentNodes = YamlFile.Child(file.Root, "intents");
        static List<string> Words(List<string>? list) => (list ?? []).Select(w => w.Trim().ToLowerInvariant()).Where(w => w.Length > 0).ToList();
        List<string> OneWords(string key, List<string>? list)
        {
            var words = Words(list);
            foreach (var bad in words.Where(w => !w.All(char.IsLetter)))
            {
                file.Problem(Math.Max(1, YamlFile.LineOf(file.Root, key)), $"'{bad}' in {key} is not one word of letters");
            }

            return words;
        }

        var switchWords = new SwitchWords(OneWords("switchBefore", doc?.SwitchBefore), OneWords("switchAfter", doc?.SwitchAfter),
            OneWords("switchArticles", doc?.SwitchArticles), Words(doc?.SwitchNegations));
        for (var n = 0; n < (doc?.Intents?.Count ?? 0); n++)
        {
            var i = doc!.Intents![n];
            var node = YamlFile.Item(intentNodes, n);
            var line = YamlFile.IdLine(node);
            if (string.IsNullOrWhiteSpace(i.Id))
            {
                file.Problem(line, "a small-talk intent has no id");
                continue;
            }

            if (i.SwitchTo is not null && !Languages.IsSupported(i.SwitchTo))
            {
                file.Problem(line, $"the intent '{i.Id}' switches to the unknown language '{i.SwitchTo}'");
            }

            var names = Words(i.Names);
            if (i.SwitchTo is not null && names.Count == 0)
            {
                file.Problem(line, $"the intent '{i.Id}' switches the language but has no names (the language's names a request holds, in both languages)");
            }
            else if (i.SwitchTo is null && names.Count > 0)
            {
                file.Problem(line, $"the intent '{i.Id}' has names but switches no language (switchTo)");
            }

            if (names.FirstOrDefault(n => !(i.Phrasings ?? []).Values.SelectMany(p => p ?? []).Any(p => p.ToLowerInvariant().Split(' ').Contains(n))) is { } unused)
            {
                file.Problem(line, $"the name '{unused}' of the intent '{i.Id}' is in none of its phrasings");
            }

            intents.Add(new SmallTalkIntent
            {
                Id = i.Id.Trim(),
                Phrasings = file.List(line, $"the intent '{i.Id}'", i.Phrasings, 1),
                Reply = file.Text(line, $"the reply of '{i.Id}'", i.Reply, YamlFile.Child(node, "reply")),
                SwitchTo = i.SwitchTo,
                Names = names,
                Switch = i.SwitchTo is null ? null : switchWords,
                Alongside = i.Alongside,
            });
            firstLines.TryAdd(i.Id.Trim(), line);
        }

        if (intents.GroupBy(i => i.Id).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            file.Problem(firstLines[duplicate.Key], $"the intent id '{duplicate.Key}' is used twice");
        }

        return intents;
    }
}
