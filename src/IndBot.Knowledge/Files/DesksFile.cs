using IndBot.Knowledge.Yaml;
using YamlDotNet.RepresentationModel;

namespace IndBot.Knowledge.Files;

/// <summary>Reads <c>desks.yaml</c>: the desk services, the desks (address, hours, services they lack) and the desks overview.</summary>
internal static class DesksFile
{
    public const string Name = "desks.yaml";

    public static (List<Desk> Desks, DeskOverview Overview, List<DeskService> Services) Read(string root, TopicIds ids, List<KnowledgeProblem> problems)
    {
        var (doc, file) = YamlFile.Read<DesksDocument>(root, Name, problems);
        var services = Services(doc, file);
        var desks = new List<Desk>();
        var deskNodes = YamlFile.Child(file.Root, "desks");
        for (var i = 0; i < (doc?.Desks?.Count ?? 0); i++)
        {
            if (Desk(doc!.Desks![i], YamlFile.Item(deskNodes, i), file, services) is { } desk)
            {
                desks.Add(desk.Desk);
                ids.Declare(desk.Desk.Id, Name, desk.Line);
            }
        }

        if (doc is not null && desks.Count == 0)
        {
            file.Problem(1, "there are no desks");
        }

        var overviewLine = Math.Max(1, YamlFile.LineOf(file.Root, "overview"));
        var overview = new DeskOverview
        {
            Id = "desks",
            Title = file.Text(overviewLine, "the desk overview title", doc?.Overview?.Title, YamlFile.Child(YamlFile.Child(file.Root, "overview"), "title"), doc is not null),
            Phrasings = file.List(overviewLine, "the desk overview", doc?.Overview?.Alternates, doc is null ? 0 : KnowledgeLoader.MinimumAlternates),
        };
        ids.Declare(overview.Id, Name, overviewLine);
        return (desks, overview, services);
    }

    private static List<DeskService> Services(DesksDocument? doc, YamlFile file)
    {
        var services = new List<DeskService>();
        var serviceNodes = YamlFile.Child(file.Root, "services");
        for (var i = 0; i < (doc?.Services?.Count ?? 0); i++)
        {
            var s = doc!.Services![i];
            var node = YamlFile.Item(serviceNodes, i);
            var line = YamlFile.IdLine(node);
            if (string.IsNullOrWhiteSpace(s.Id))
            {
                file.Problem(line, "a service has no id");
                continue;
            }

            var name = file.Text(line, $"the service '{s.Id}'", new Dictionary<string, string> { ["en"] = s.En ?? "", ["nl"] = s.Nl ?? "" }, node);
            services.Add(new DeskService(s.Id.Trim(), name, s.Appointment));
        }

        return services;
    }

    private static (Desk Desk, int Line)? Desk(DeskDocument d, YamlNode? node, YamlFile file, List<DeskService> services)
    {
        var line = YamlFile.IdLine(node);
        if (string.IsNullOrWhiteSpace(d.Id))
        {
            file.Problem(line, "a desk has no id");
            return null;
        }

        foreach (var (field, value) in new[] { ("name", d.Name), ("building", d.Building), ("street", d.Street), ("postcode", d.Postcode), ("city", d.City) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                file.Problem(line, $"the desk '{d.Id}' has no {field}");
            }
        }

        var hours = OpeningHours.Read(file, YamlFile.Child(node, "hours"), d.Hours);
        if (hours.IsEmpty)
        {
            file.Problem(line, $"the desk '{d.Id}' has no opening hours");
        }

        var unavailable = new List<DeskService>();
        var unavailableNodes = YamlFile.Child(node, "unavailable");
        for (var i = 0; i < (d.Unavailable?.Count ?? 0); i++)
        {
            var id = d.Unavailable![i];
            if (services.FirstOrDefault(s => s.Id == id.Trim()) is { } service)
            {
                unavailable.Add(service);
            }
            else
            {
                file.Problem(YamlFile.LineOf(YamlFile.Item(unavailableNodes, i)), $"the desk '{d.Id}' lists an unknown service '{id}'");
            }
        }

        var city = d.City?.Trim() ?? "";
        var desk = new Desk
        {
            Id = d.Id.Trim(),
            Title = new LocalizedText(Languages.All.ToDictionary(l => l, _ => d.Name?.Trim() ?? city)),
            Phrasings = file.List(line, $"the desk '{d.Id}'", d.Alternates, 0),
            Name = d.Name?.Trim() ?? "",
            Building = d.Building?.Trim() ?? "",
            Street = d.Street?.Trim() ?? "",
            Postcode = d.Postcode?.Trim() ?? "",
            City = city,
            Aliases = (d.Aliases ?? []).Select(a => a.Trim()).ToList(),
            Hours = hours,
            Services = services.Except(unavailable).ToList(),
            Unavailable = unavailable,
            Note = d.Note is null ? LocalizedText.Empty : file.Text(line, $"the note of '{d.Id}'", d.Note, YamlFile.Child(node, "note")),
        };
        return (desk, line);
    }
}
