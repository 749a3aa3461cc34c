using IndBot.Knowledge.Yaml;

namespace IndBot.Knowledge.Files;

/// <summary>Reads <c>outofscope.yaml</c>: phrasings of questions the IND does not answer here.</summary>
internal static class OutOfScopeFile
{
    public const string Name = "outofscope.yaml";

    public static OutOfScopeTopic Read(string root, TopicIds ids, List<KnowledgeProblem> problems)
    {
        var (doc, file) = YamlFile.Read<OutOfScopeDocument>(root, Name, problems);
        var topic = new OutOfScopeTopic
        {
            Id = "out-of-scope",
            Title = new LocalizedText(new Dictionary<string, string> { ["en"] = "Not something the IND answers here", ["nl"] = "Geen vraag voor de IND" }),
            Phrasings = file.List(1, "the out-of-scope list", doc?.Phrasings, doc is null ? 0 : 1),
        };
        ids.Declare(topic.Id, Name, 1);
        return topic;
    }
}
