using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace IndBot.Knowledge.Files;

/// <summary>
/// One YAML file of the knowledge, parsed once and read twice: into its typed document (the shapes in <c>Yaml/Documents.cs</c>) by
/// YamlDotNet's deserializer, and into its nodes, whose start marks give the line of the key or item a problem is about.
/// </summary>
internal sealed class YamlFile
{
    private static readonly Yaml.DocumentsContext Documents = new();

    // The documents' shapes through generated code (Yaml/DocumentsContext.cs): no reflection over them at start-up.
    private static readonly IDeserializer Deserializer = new StaticDeserializerBuilder(Documents)
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    // messages.yaml's open dictionary of texts, which the static generator cannot describe (it takes no generic types).
    private static readonly IDeserializer DictionaryDeserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    private readonly List<KnowledgeProblem> _problems;

    private YamlFile(string name, YamlNode? root, List<KnowledgeProblem> problems)
    {
        Name = name;
        Root = root;
        _problems = problems;
    }

    /// <summary>The file's path relative to the knowledge folder, with '/' ("faq/biometrics.yaml").</summary>
    public string Name { get; }

    /// <summary>The root node; null when the file is missing, empty or not YAML.</summary>
    public YamlNode? Root { get; }

    /// <summary>Reads <paramref name="name"/> under <paramref name="root"/>; a missing (when required), empty or broken file is a problem and gives no document.</summary>
    public static (T? Document, YamlFile File) Read<T>(string root, string name, List<KnowledgeProblem> problems, bool required = true)
        where T : class
    {
        var path = Path.Combine(root, name);
        if (!System.IO.File.Exists(path))
        {
            var missing = new YamlFile(name, null, problems);
            if (required)
            {
                missing.Problem(0, "the file is missing");
            }

            return (null, missing);
        }

        var text = System.IO.File.ReadAllText(path);
        try
        {
            var events = Parse(text);
            var document = (Documents.IsKnownType(typeof(T)) ? Deserializer : DictionaryDeserializer).Deserialize<T>(new Replay(events));
            var stream = new YamlStream();
            stream.Load(new Replay(events));
            var file = new YamlFile(name, stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null, problems);
            if (document is null)
            {
                file.Problem(1, "the file is empty");
            }

            return (document, file);
        }
        catch (YamlException e)
        {
            var broken = new YamlFile(name, null, problems);
            broken.Problem((int)e.Start.Line, $"cannot be read as YAML: {(e.InnerException?.Message ?? e.Message).Split('\n')[0]}");
            return (null, broken);
        }
    }

    public void Problem(int line, string message) => _problems.Add(new KnowledgeProblem(Name, line, message));

    /// <summary>Every parsing event of <paramref name="text"/>: the typed pass and the node pass replay them instead of each parsing the text.</summary>
    private static List<ParsingEvent> Parse(string text)
    {
        var parser = new Parser(new StringReader(text));
        var events = new List<ParsingEvent>();
        while (parser.MoveNext())
        {
            events.Add(parser.Current!);
        }

        return events;
    }

    private sealed class Replay(List<ParsingEvent> events) : IParser
    {
        private int _next;

        public ParsingEvent? Current { get; private set; }

        public bool MoveNext()
        {
            Current = _next < events.Count ? events[_next++] : null;
            return Current is not null;
        }
    }

    /// <summary>The value under <paramref name="key"/> of a mapping; null when there is none.</summary>
    public static YamlNode? Child(YamlNode? map, string key) =>
        map is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    /// <summary>The item at <paramref name="index"/> of a list; null when there is none.</summary>
    public static YamlNode? Item(YamlNode? list, int index) =>
        list is YamlSequenceNode sequence && index < sequence.Children.Count ? sequence.Children[index] : null;

    /// <summary>The line <paramref name="node"/> starts on; 0 without a node.</summary>
    public static int LineOf(YamlNode? node) => node is null ? 0 : (int)node.Start.Line;

    /// <summary>The line of <paramref name="key"/> in a mapping; 0 when it is not there.</summary>
    public static int LineOf(YamlNode? map, string key) =>
        map is YamlMappingNode mapping ? LineOf(mapping.Children.Keys.FirstOrDefault(k => k is YamlScalarNode { Value: var v } && v == key)) : 0;

    /// <summary>The line of an item's id, or of the item itself when it has none.</summary>
    public static int IdLine(YamlNode? item) => LineOf(item, "id") is > 0 and var line ? line : LineOf(item);

    /// <summary>A text per language from <paramref name="values"/> (read from <paramref name="node"/>): a missing one is a problem at <paramref name="line"/>.</summary>
    public LocalizedText Text(int line, string what, Dictionary<string, string>? values, YamlNode? node, bool required = true)
    {
        var texts = new Dictionary<string, string>();
        foreach (var language in Languages.All)
        {
            if (values is not null && values.TryGetValue(language, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                texts[language] = value.Trim();
            }
            else if (required)
            {
                Problem(line, $"{what} lacks the {LanguageName(language)} text ({language})");
            }
        }

        foreach (var key in values?.Keys.Where(k => !Languages.IsSupported(k)) ?? [])
        {
            Problem(LineOf(node, key), $"{what} has an unknown language '{key}' (use en or nl)");
        }

        return new LocalizedText(texts);
    }

    /// <summary>Phrasings per language, at least <paramref name="minimum"/> of each.</summary>
    public LocalizedList List(int line, string what, Dictionary<string, List<string>>? values, int minimum)
    {
        var lists = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var language in Languages.All)
        {
            var items = (values is not null && values.TryGetValue(language, out var l) ? l : [])
                .Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).ToList();
            if (items.Count < minimum)
            {
                Problem(line, $"{what} has {items.Count} {LanguageName(language)} phrasings ({language}); at least {minimum} are needed");
            }

            lists[language] = items;
        }

        return new LocalizedList(lists);
    }

    private static string LanguageName(string language) => language == Languages.Dutch ? "Dutch" : "English";
}
