using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace IndBot.Knowledge.Files;

/// <summary>
/// A YAML file read as a tree of nodes with their line numbers (YamlDotNet's marks), for readers that report
/// problems at the line of the value itself.
/// </summary>
internal sealed class YamlTree(string file, List<KnowledgeProblem> problems)
{
    public string File => file;

    /// <summary>The root mapping of the file at <paramref name="path"/>, or null (with a problem) when it is missing or not YAML.</summary>
    public YamlMappingNode? Load(string path)
    {
        if (!System.IO.File.Exists(path))
        {
            Problem(0, "the file is missing");
            return null;
        }

        try
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(path))
            {
                stream.Load(reader);
            }

            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                Problem(1, "the file is empty or not a mapping of names to values");
                return null;
            }

            return root;
        }
        catch (YamlException e)
        {
            Problem((int)e.Start.Line, $"cannot be read as YAML: {(e.InnerException?.Message ?? e.Message).Split('\n')[0]}");
            return null;
        }
    }

    public void Problem(int line, string message) => problems.Add(new KnowledgeProblem(file, line, message));

    public void Problem(YamlNode node, string message) => Problem(LineOf(node), message);

    public static int LineOf(YamlNode node) => (int)node.Start.Line;

    /// <summary>The value under <paramref name="key"/>, or null (with a problem when <paramref name="required"/>).</summary>
    public YamlNode? Child(YamlMappingNode map, string key, bool required = true)
    {
        if (map.Children.TryGetValue(new YamlScalarNode(key), out var value))
        {
            return value;
        }

        if (required)
        {
            Problem(map, $"'{key}' is missing");
        }

        return null;
    }

    /// <summary>A list of non-empty texts, e.g. <c>[monday, mon]</c>; problems for anything else.</summary>
    public IReadOnlyList<string> Texts(YamlNode? node, string what, int minimum = 1)
    {
        var texts = new List<string>();
        if (node is null)
        {
            return texts;
        }

        if (node is not YamlSequenceNode sequence)
        {
            Problem(node, $"{what} must be a list, like [a, b]");
            return texts;
        }

        foreach (var item in sequence)
        {
            if (item is YamlScalarNode { Value: { } value } && value.Trim().Length > 0)
            {
                texts.Add(value.Trim());
            }
            else
            {
                Problem(item, $"{what} holds an empty or nested item");
            }
        }

        if (texts.Count < minimum)
        {
            Problem(node, $"{what} needs at least {minimum} item(s)");
        }

        return texts;
    }

    /// <summary>A text, or null (with a problem when <paramref name="required"/>).</summary>
    public string? Text(YamlNode? node, string what, bool required = true)
    {
        if (node is YamlScalarNode { Value: { } value } && value.Trim().Length > 0)
        {
            return value.Trim();
        }

        if (required || node is not null)
        {
            Problem(node is null ? 0 : LineOf(node), $"{what} must be a non-empty text");
        }

        return null;
    }

    /// <summary>A text per language (<c>{ en: ..., nl: ... }</c>), both required.</summary>
    public LocalizedText Localized(YamlNode? node, string what)
    {
        var texts = new Dictionary<string, string>();
        if (node is not YamlMappingNode map)
        {
            Problem(node is null ? 0 : LineOf(node), $"{what} needs an English (en) and a Dutch (nl) text");
            return new LocalizedText(texts);
        }

        foreach (var language in Languages.All)
        {
            if (Text(Child(map, language, required: false), $"{what} ({language})", required: false) is { } text)
            {
                texts[language] = text;
            }
            else
            {
                Problem(map, $"{what} lacks its {language} text");
            }
        }

        return new LocalizedText(texts);
    }

    /// <summary>A list of texts per language (<c>{ en: [...], nl: [...] }</c>).</summary>
    public LocalizedList LocalizedTexts(YamlNode? node, string what)
    {
        var lists = new Dictionary<string, IReadOnlyList<string>>();
        if (node is not YamlMappingNode map)
        {
            Problem(node is null ? 0 : LineOf(node), $"{what} needs a list per language (en, nl)");
            return new LocalizedList(lists);
        }

        foreach (var language in Languages.All)
        {
            lists[language] = Texts(Child(map, language), $"{what} ({language})");
        }

        return new LocalizedList(lists);
    }

    public static IEnumerable<(string Key, YamlNode Value, YamlNode KeyNode)> Entries(YamlMappingNode map) =>
        map.Children.Select(kv => (((YamlScalarNode)kv.Key).Value ?? "", kv.Value, kv.Key));
}
