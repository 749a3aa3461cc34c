using IndBot.Knowledge.Yaml;
using YamlDotNet.RepresentationModel;

namespace IndBot.Knowledge.Files;

/// <summary>Reads <c>contacts.yaml</c>: the contact channels (kind, value, hours, answer) and the contact overview.</summary>
internal static class ContactsFile
{
    public const string Name = "contacts.yaml";

    private static readonly string[] Kinds = ["phone", "email", "twitter", "post", "desk"];

    public static (List<ContactChannel> Channels, ContactOverview Overview) Read(string root, TopicIds ids, List<KnowledgeProblem> problems)
    {
        var (doc, file) = YamlFile.Read<ContactsDocument>(root, Name, problems);
        var channels = new List<ContactChannel>();
        var channelNodes = YamlFile.Child(file.Root, "channels");
        for (var i = 0; i < (doc?.Channels?.Count ?? 0); i++)
        {
            var node = YamlFile.Item(channelNodes, i);
            if (Channel(doc!.Channels![i], node, file) is { } channel)
            {
                channels.Add(channel);
                ids.Declare(channel.Id, Name, YamlFile.IdLine(node));
            }
        }

        var overviewNode = YamlFile.Child(file.Root, "overview");
        var overviewLine = Math.Max(1, YamlFile.LineOf(file.Root, "overview"));
        var overview = new ContactOverview
        {
            Id = doc?.Overview?.Id?.Trim() ?? "contact",
            Title = file.Text(overviewLine, "the contact overview title", doc?.Overview?.Title, YamlFile.Child(overviewNode, "title"), doc is not null),
            Answer = file.Text(overviewLine, "the contact overview answer", doc?.Overview?.Answer, YamlFile.Child(overviewNode, "answer"), doc is not null),
            Phrasings = file.List(overviewLine, "the contact overview", doc?.Overview?.Alternates, doc is null ? 0 : KnowledgeLoader.MinimumAlternates),
        };
        ids.Declare(overview.Id, Name, Math.Max(overviewLine, YamlFile.LineOf(overviewNode, "id")));
        return (channels, overview);
    }

    private static ContactChannel? Channel(ChannelDocument c, YamlNode? node, YamlFile file)
    {
        var line = YamlFile.IdLine(node);
        if (string.IsNullOrWhiteSpace(c.Id))
        {
            file.Problem(line, "a contact channel has no id");
            return null;
        }

        if (!c.Id.StartsWith("contact-", StringComparison.Ordinal))
        {
            file.Problem(line, $"the contact channel id '{c.Id}' must start with 'contact-'");
        }

        if (c.Kind is null || !Kinds.Contains(c.Kind))
        {
            file.Problem(line, $"the contact channel '{c.Id}' has kind '{c.Kind}'; use one of {string.Join(", ", Kinds)}");
        }

        if (string.IsNullOrWhiteSpace(c.Value))
        {
            file.Problem(line, $"the contact channel '{c.Id}' has no value");
        }

        return new ContactChannel
        {
            Id = c.Id.Trim(),
            Title = file.Text(line, $"the title of '{c.Id}'", c.Title, YamlFile.Child(node, "title")),
            Phrasings = file.List(line, $"the contact channel '{c.Id}'", c.Alternates, KnowledgeLoader.MinimumAlternates),
            ChannelKind = c.Kind ?? "",
            Value = c.Value?.Trim() ?? "",
            Link = string.IsNullOrWhiteSpace(c.Link) ? null : c.Link.Trim(),
            Hours = OpeningHours.Read(file, YamlFile.Child(node, "hours"), c.Hours),
            Answer = file.Text(line, $"the answer of '{c.Id}'", c.Answer, YamlFile.Child(node, "answer")),
            SourceNotes = c.SourceNotes?.Trim(),
        };
    }
}
