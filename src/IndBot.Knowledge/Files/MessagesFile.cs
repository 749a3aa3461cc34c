namespace IndBot.Knowledge.Files;

/// <summary>Reads <c>messages.yaml</c>: the bot's own texts in both languages, every required one present, seven day names.</summary>
internal static class MessagesFile
{
    public const string Name = "messages.yaml";

    public static Messages Read(string root, List<KnowledgeProblem> problems)
    {
        var (doc, file) = YamlFile.Read<Dictionary<string, Dictionary<string, object>>>(root, Name, problems);
        var texts = new Dictionary<string, LocalizedText>();
        var lists = new Dictionary<string, LocalizedList>();
        foreach (var (key, values) in doc ?? [])
        {
            var line = YamlFile.LineOf(file.Root, key);
            if (Messages.RequiredLists.Contains(key))
            {
                var list = (values ?? []).ToDictionary(
                    kv => kv.Key,
                    kv => kv.Value is List<object> l ? l.Select(o => o?.ToString() ?? "").ToList() : []);
                lists[key] = file.List(line, $"the message '{key}'", list, 1);
            }
            else
            {
                var text = (values ?? []).ToDictionary(kv => kv.Key, kv => kv.Value?.ToString() ?? "");
                texts[key] = file.Text(line, $"the message '{key}'", text, YamlFile.Child(file.Root, key));
            }
        }

        if (File.Exists(Path.Combine(root, Name)))
        {
            foreach (var key in Messages.RequiredTexts.Concat(Messages.RequiredLists).Where(k => doc?.ContainsKey(k) != true))
            {
                file.Problem(1, $"the message '{key}' is missing");
            }

            if (lists.TryGetValue("dayNames", out var days) && Languages.All.Any(l => days[l].Count != 7))
            {
                file.Problem(YamlFile.LineOf(file.Root, "dayNames"), "dayNames needs exactly 7 names per language, Monday first");
            }
        }

        return new Messages(texts, lists);
    }
}
