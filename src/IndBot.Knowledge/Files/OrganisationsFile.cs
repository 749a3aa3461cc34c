using YamlDotNet.RepresentationModel;

namespace IndBot.Knowledge.Files;

/// <summary>Reads <c>organisations.yaml</c>: ids unique, names in both languages, words, related entries that exist.</summary>
internal static class OrganisationsFile
{
    public const string Name = "organisations.yaml";

    public static IReadOnlyList<Organisation> Read(string root, List<KnowledgeProblem> problems)
    {
        var yaml = new YamlTree(Name, problems);
        var organisations = new List<Organisation>();
        if (yaml.Load(Path.Combine(root, Name)) is not { } map)
        {
            return organisations;
        }

        if (yaml.Child(map, "organisations") is not YamlSequenceNode list)
        {
            yaml.Problem(map, "'organisations' must be a list");
            return organisations;
        }

        foreach (var item in list)
        {
            if (item is not YamlMappingNode organisation)
            {
                yaml.Problem(item, "an organisation needs an id, a name and words");
                continue;
            }

            var id = yaml.Text(yaml.Child(organisation, "id"), "an organisation's id") ?? "";
            if (organisations.Any(o => o.Id == id))
            {
                yaml.Problem(organisation, $"the organisation id '{id}' is used twice");
            }

            organisations.Add(new Organisation(
                id,
                yaml.Localized(yaml.Child(organisation, "name"), $"the name of '{id}'"),
                yaml.Texts(yaml.Child(organisation, "words"), $"the words of '{id}'"),
                yaml.Texts(yaml.Child(organisation, "related", required: false), $"the related entries of '{id}'", minimum: 0)));
        }

        return organisations;
    }

    /// <summary>Related ids must be entries; checked once every entry is known.</summary>
    public static void CheckRelated(IReadOnlyList<Organisation> organisations, Func<string, bool> isEntry, List<KnowledgeProblem> problems)
    {
        foreach (var (organisation, related) in organisations.SelectMany(o => o.Related.Select(r => (o, r))).Where(x => !isEntry(x.r)))
        {
            problems.Add(new KnowledgeProblem(Name, 0, $"the organisation '{organisation.Id}' names the unknown entry '{related}' as related"));
        }
    }
}
